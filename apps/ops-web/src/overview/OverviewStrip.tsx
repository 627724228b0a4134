export function OverviewStrip() {
  return <div />;
}
