export interface IncidentQueueProps {
  /** Only this key area's incidents (the operator opened an area). */
  areaCode?: string;
  onSelect(incidentId: string): void;
}

export function IncidentQueue(_props: IncidentQueueProps) {
  return <div />;
}
