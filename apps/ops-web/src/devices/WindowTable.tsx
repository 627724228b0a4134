// Maintenance windows as a table: target, area, period (local time), reason, who opened
// it; for roles with maintenance.write, "end now" on a running window and "cancel" on an
// upcoming one (DELETE), each behind a confirmation.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MaintenanceWindow } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useCan, useHttp } from '../app/services';
import { formatDateTime } from '../format/time';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { phaseOf } from './maintenance';
import { devicesKeys } from './queries';

export function WindowTable({ windows, showPhase = false, names }: { windows: readonly MaintenanceWindow[]; showPhase?: boolean; names?: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('devices');
  const canMaintain = useCan('maintenance.write');
  const http = useHttp();
  const queryClient = useQueryClient();
  const [ending, setEnding] = useState<MaintenanceWindow | null>(null);
  const end = useMutation({
    mutationFn: (w: MaintenanceWindow) => http.delete<MaintenanceWindow>(`/api/v1/maintenance-windows/${encodeURIComponent(w.id)}`),
    onSuccess: async () => {
      setEnding(null);
      await queryClient.invalidateQueries({ queryKey: devicesKeys.windows });
    },
  });
  const now = Date.now();
  const targetText = (w: MaintenanceWindow) => `${t(`maintenance.target.${w.targetType}`)} ${w.targetId}`;
  const endingPhase = ending ? phaseOf(ending, now) : undefined;

  return (
    <>
      <table className="dev-table dev-compact dev-windows">
        <thead>
          <tr>
            <th scope="col">{t('maintenance.col.target')}</th>
            <th scope="col">{t('maintenance.col.area')}</th>
            <th scope="col">{t('maintenance.col.from')}</th>
            <th scope="col">{t('maintenance.col.to')}</th>
            <th scope="col">{t('maintenance.col.reason')}</th>
            <th scope="col">{t('maintenance.col.by')}</th>
            {(canMaintain || showPhase) && <th scope="col">{canMaintain ? t('maintenance.col.actions') : ''}</th>}
          </tr>
        </thead>
        <tbody>
          {windows.map((w) => {
            const phase = phaseOf(w, now);
            return (
              <tr key={w.id} data-window-id={w.id} data-phase={phase}>
                <td>
                  <span className="dev-muted">{t(`maintenance.target.${w.targetType}`)}</span>{' '}
                  {w.targetType === 'device' ? <Link to={`/devices/${encodeURIComponent(w.targetId)}`}>{w.targetId}</Link> : <strong>{w.targetId}</strong>}
                  {names?.get(`${w.targetType}:${w.targetId}`) && <div className="dev-muted">{names.get(`${w.targetType}:${w.targetId}`)}</div>}
                </td>
                <td>{w.areaCode}</td>
                <td>{formatDateTime(w.startsAt)}</td>
                <td>
                  {formatDateTime(w.endsAt)}
                  {w.cancelledAt && <div className="dev-muted">{t('maintenance.cancelled')}</div>}
                </td>
                <td className="dev-reason">{w.reason}</td>
                <td>{w.createdBy}</td>
                {(canMaintain || showPhase) && (
                  <td>
                    {showPhase && <span className={`dev-phase dev-phase-${phase}`}>{t(`maintenance.phase.${phase}`)}</span>}
                    {canMaintain && phase !== 'past' && (
                      <button type="button" className="dev-window-end" onClick={() => setEnding(w)} data-end-window={w.id}>
                        {phase === 'running' ? t('maintenance.endNow') : t('maintenance.cancel')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {canMaintain && (
        <ConfirmDialog
          open={ending !== null}
          title={endingPhase === 'upcoming' ? t('maintenance.cancel') : t('maintenance.endNow')}
          confirmLabel={endingPhase === 'upcoming' ? t('maintenance.cancel') : t('maintenance.endNow')}
          workingLabel={t('decommission.working')}
          busy={end.isPending}
          error={end.error ? t('maintenance.actionFailed', { title: problemTitle(end.error, t) }) : undefined}
          onConfirm={() => ending && end.mutate(ending)}
          onClose={() => {
            end.reset();
            setEnding(null);
          }}
          testId="end-window-dialog"
        >
          <p>{ending && (endingPhase === 'upcoming' ? t('maintenance.confirmCancel', { target: targetText(ending) }) : t('maintenance.confirmEnd', { target: targetText(ending) }))}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
