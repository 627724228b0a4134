// The header row of a table of figures: the column of the rows' names, then the figures'
// columns, right-aligned like their numbers.
export function FigureTableHead({ rowHeader, figures }: { rowHeader: string; figures: readonly string[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">{rowHeader}</th>
        {figures.map((label) => (
          <th key={label} scope="col" className="num">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
