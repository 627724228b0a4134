export function IncidentDetail(_props: { id: string; onClose(): void }) {
  return <div />;
}
