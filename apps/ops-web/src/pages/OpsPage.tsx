// The operator's screen: the live map of the province (or one key area) beside the
// incident queue; an incident's detail panel opens over the queue. The URL says what is
// shown (/ops, /ops/areas/:areaCode, /ops/incidents/:incidentId), so a view can be shared
// or put on the video wall as a link.
import { useNavigate, useParams } from 'react-router-dom';
import { OpsMap } from '../map/OpsMap';
import { IncidentQueue } from '../incidents/IncidentQueue';
import { IncidentDetail } from '../incidents/IncidentDetail';

export function OpsPage() {
  const { areaCode, incidentId } = useParams();
  const navigate = useNavigate();
  return (
    <div className="ops-page">
      <section className="ops-map" aria-label="map">
        <OpsMap
          focusArea={areaCode}
          onSelectArea={(code) => navigate(code ? `/ops/areas/${encodeURIComponent(code)}` : '/ops')}
          onSelectIncident={(id) => navigate(`/ops/incidents/${encodeURIComponent(id)}`)}
        />
      </section>
      <aside className="ops-side">
        {incidentId ? (
          <IncidentDetail id={incidentId} onClose={() => navigate(-1)} />
        ) : (
          <IncidentQueue areaCode={areaCode} onSelect={(id) => navigate(`/ops/incidents/${encodeURIComponent(id)}`)} />
        )}
      </aside>
    </div>
  );
}
