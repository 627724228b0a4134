export interface OpsMapProps {
  /** Zoom to this key area and highlight it; the whole province when absent. */
  focusArea?: string;
  onSelectArea(areaCode: string | undefined): void;
  onSelectIncident(incidentId: string): void;
}

export function OpsMap(_props: OpsMapProps) {
  return <div className="map-placeholder" />;
}
