// The operator's screen: the live map of the province (or one key area) beside the
// incident queue; an incident's detail panel opens over the queue, with the map on the
// incident's area. The URL says what is shown (/ops, /ops/areas/:areaCode,
// /ops/incidents/:incidentId), so a view can be shared or put on the video wall as a link.
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLive } from '../app/services';
import { OpsMap } from '../map/OpsMap';
import { IncidentQueue } from '../incidents/IncidentQueue';
import { IncidentDetail } from '../incidents/IncidentDetail';

export function OpsPage() {
  const { t } = useTranslation('map');
  const { areaCode, incidentId } = useParams();
  const navigate = useNavigate();
  const live = useLive();
  // A standing incident's area is in the live state; a resolved one opened by link shows the province.
  const incidentArea = incidentId ? live?.state.incidents.get(incidentId)?.areaCode : undefined;
  const focusArea = areaCode ?? incidentArea;
  const areaPath = (code: string | undefined) => (code ? `/ops/areas/${encodeURIComponent(code)}` : '/ops');
  return (
    <div className="ops-page">
      <section className="ops-map" aria-label={t('title')}>
        <OpsMap
          focusArea={focusArea}
          onSelectArea={(code) => navigate(areaPath(code))}
          onSelectIncident={(id) => navigate(`/ops/incidents/${encodeURIComponent(id)}`)}
        />
      </section>
      <aside className="ops-side">
        {incidentId ? (
          // Back to the queue of the area it came from (never out of the app, as history.back() could).
          <IncidentDetail id={incidentId} onClose={() => navigate(areaPath(incidentArea))} />
        ) : (
          <IncidentQueue areaCode={areaCode} onSelect={(id) => navigate(`/ops/incidents/${encodeURIComponent(id)}`)} />
        )}
      </aside>
    </div>
  );
}
