// The checkpoints of a key area beside its map: the list (purposes in words, description),
// adding one by a click on the map, changing its purposes, description or place (a new
// click, or dragging its pin), and deleting it after a confirmation in the list.
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PURPOSES, type Checkpoint, type CheckpointPatch, type KeyArea, type Purpose } from '@ioc/contracts';
import { problemTitle } from '../api/problem-text';
import { useHttp } from '../app/services';
import type { LonLat } from '../map/geo';
import { spreadProblem } from './api-messages';
import type { EditorMode } from './area-editor-map';
import { deepEqual } from './audit-diff';
import { describedBy, FieldError, FormProblemText, useFocusOnProblem } from './form-bits';

export interface CheckpointDraft {
  kind: 'new' | 'edit';
  id: string;
  purposes: Purpose[];
  description: string;
  location: LonLat;
  /** The checkpoint as stored, when editing one. */
  original?: Checkpoint;
}

export function draftOf(cp: Checkpoint): CheckpointDraft {
  return { kind: 'edit', id: cp.id, purposes: [...cp.purposes], description: cp.description, location: cp.location.coordinates as LonLat, original: cp };
}

const FIELDS = ['id', 'purposes', 'description', 'location'] as const;

/** The body of the checkpoint's PATCH: only what changed (purposes compared as a set). */
function patchOf(draft: CheckpointDraft, cp: Checkpoint): CheckpointPatch {
  const patch: CheckpointPatch = {};
  if (!deepEqual([...draft.purposes].sort(), [...cp.purposes].sort())) patch.purposes = draft.purposes;
  if (draft.description !== cp.description) patch.description = draft.description;
  if (!deepEqual(draft.location, cp.location.coordinates)) patch.location = { type: 'Point', coordinates: draft.location };
  return patch;
}

export function CheckpointPanel({
  area,
  draft,
  mode,
  onDraft,
  onMode,
  onNotice,
}: {
  area: KeyArea;
  draft: CheckpointDraft | null;
  mode: EditorMode;
  onDraft(draft: CheckpointDraft | null | ((d: CheckpointDraft | null) => CheckpointDraft | null)): void;
  onMode(mode: EditorMode): void;
  onNotice(message: string): void;
}) {
  const { t } = useTranslation('admin');
  const http = useHttp();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const base = `/api/v1/areas/${encodeURIComponent(area.code)}/checkpoints`;

  const save = useMutation({
    mutationFn: async (d: CheckpointDraft): Promise<Checkpoint | undefined> => {
      if (d.kind === 'new') {
        return http.post<Checkpoint>(base, { id: d.id.trim(), purposes: d.purposes, description: d.description, location: { type: 'Point', coordinates: d.location } });
      }
      const patch = d.original ? patchOf(d, d.original) : {};
      if (Object.keys(patch).length === 0) return undefined;
      return http.patch<Checkpoint>(`${base}/${encodeURIComponent(d.id)}`, patch);
    },
    onSuccess: (saved, d) => {
      if (!saved) {
        setUnchanged(true);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: ['areas'] });
      onDraft(null);
      onNotice(t(d.kind === 'new' ? 'checkpoints.created' : 'checkpoints.saved', { id: saved.id }));
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => http.delete<void>(`${base}/${encodeURIComponent(id)}`),
    onSuccess: (_r, id) => {
      setConfirming(null);
      if (draft?.id === id) onDraft(null);
      void queryClient.invalidateQueries({ queryKey: ['areas'] });
      onNotice(t('checkpoints.deleted', { id }));
    },
  });
  const spread = spreadProblem(save.error, FIELDS);
  const err = spread.fields;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnProblem(formRef, save.error);

  const edit = (d: CheckpointDraft | null) => {
    save.reset();
    setUnchanged(false);
    onDraft(d);
  };
  const update = (patch: Partial<CheckpointDraft>) => {
    setUnchanged(false);
    onDraft((d) => (d ? { ...d, ...patch } : d));
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    if (draft) save.mutate(draft);
  }

  return (
    <section className="admin-checkpoints" aria-labelledby="checkpoints-title" id="area-checkpoints">
      <div className="admin-section-head">
        <h2 id="checkpoints-title">{t('checkpoints.legend', { count: area.checkpoints.length })}</h2>
        {mode === 'place' ? (
          <button type="button" id="checkpoint-cancel-place" onClick={() => onMode('idle')}>
            {t('checkpoints.cancelPlace')}
          </button>
        ) : (
          <button
            type="button"
            id="checkpoint-add"
            onClick={() => {
              edit(null);
              onMode('place');
            }}
          >
            {t('checkpoints.add')}
          </button>
        )}
      </div>
      {mode === 'place' && (
        <p className="admin-hint" role="status">
          {t('checkpoints.placeHint')}
        </p>
      )}

      {draft && (
        <form id="checkpoint-form" ref={formRef} className="admin-form admin-subform" onSubmit={submit} noValidate data-mode={draft.kind}>
          <h3>{draft.kind === 'new' ? t('checkpoints.newTitle') : t('checkpoints.editTitle', { id: draft.id })}</h3>
          {draft.kind === 'new' && (
            <div className="field">
              <label htmlFor="checkpoint-id">{t('checkpoints.id')}</label>
              <input id="checkpoint-id" className="admin-mono" spellCheck={false} value={draft.id} onChange={(e) => update({ id: e.target.value })} {...describedBy('checkpoint-id', err.id)} />
              <FieldError id="checkpoint-id-error" message={err.id} />
            </div>
          )}
          <fieldset className="admin-inline-checks" aria-describedby={err.purposes ? 'checkpoint-purposes-error' : undefined}>
            <legend>{t('checkpoints.purposes')}</legend>
            {PURPOSES.map((p) => (
              <label key={p} className="admin-check">
                <input
                  type="checkbox"
                  value={p}
                  data-testid={`checkpoint-purpose-${p}`}
                  checked={draft.purposes.includes(p)}
                  onChange={(e) => update({ purposes: e.target.checked ? [...draft.purposes, p] : draft.purposes.filter((x) => x !== p) })}
                />
                <span>{t(`domain:purpose.${p}`)}</span>
              </label>
            ))}
            <FieldError id="checkpoint-purposes-error" message={err.purposes} />
          </fieldset>
          <div className="field">
            <label htmlFor="checkpoint-description">{t('checkpoints.description')}</label>
            <textarea id="checkpoint-description" rows={2} value={draft.description} onChange={(e) => update({ description: e.target.value })} {...describedBy('checkpoint-description', err.description)} />
            <FieldError id="checkpoint-description-error" message={err.description} />
          </div>
          <div className="field">
            <span className="admin-label">{t('checkpoints.location')}</span>
            <span className="admin-mono" id="checkpoint-location" data-lon={draft.location[0]} data-lat={draft.location[1]}>
              {draft.location[0].toFixed(6)}, {draft.location[1].toFixed(6)}
            </span>
            <button type="button" id="checkpoint-move" onClick={() => onMode(mode === 'move' ? 'idle' : 'move')} aria-pressed={mode === 'move'}>
              {t('checkpoints.move')}
            </button>
            {mode === 'move' && <span className="admin-hint">{t('checkpoints.moveHint')}</span>}
            <FieldError id="checkpoint-location-error" message={err.location} />
          </div>
          <FormProblemText id="checkpoint-form-error" error={save.error} spread={spread} />
          {unchanged && (
            <p className="admin-notice" role="status">
              {t('noChanges')}
            </p>
          )}
          <div className="admin-buttons">
            <button type="submit" className="primary" id="checkpoint-submit" disabled={save.isPending}>
              {save.isPending ? t('saving') : t('checkpoints.save')}
            </button>
            <button
              type="button"
              onClick={() => {
                edit(null);
                onMode('idle');
              }}
            >
              {t('common:actions.cancel')}
            </button>
          </div>
        </form>
      )}

      {area.checkpoints.length === 0 ? (
        <p className="admin-muted">{t('checkpoints.empty')}</p>
      ) : (
        <ul className="admin-checkpoint-list" id="checkpoint-list">
          {area.checkpoints.map((cp) => (
            <li key={cp.id} data-checkpoint={cp.id} className={draft?.id === cp.id ? 'is-selected' : ''}>
              <div className="admin-checkpoint-main">
                <span className="admin-mono">{cp.id}</span>
                {cp.purposes.map((p) => (
                  <span key={p} className={`badge admin-purpose-${p}`}>
                    {t(`domain:purpose.${p}`)}
                  </span>
                ))}
                {cp.description && <span className="admin-checkpoint-desc">{cp.description}</span>}
              </div>
              {confirming === cp.id ? (
                <div className="admin-confirm" role="group" aria-label={t('checkpoints.confirmDelete', { id: cp.id })}>
                  <span>{t('checkpoints.confirmDelete', { id: cp.id })}</span>
                  <button type="button" className="danger" data-testid="checkpoint-delete-confirm" disabled={remove.isPending} onClick={() => remove.mutate(cp.id)}>
                    {t('checkpoints.delete')}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('common:actions.cancel')}
                  </button>
                  {remove.isError && (
                    <span className="field-error" role="alert">
                      {problemTitle(remove.error, t)}
                    </span>
                  )}
                </div>
              ) : (
                <div className="admin-buttons">
                  <button type="button" data-testid="checkpoint-edit" aria-label={t('checkpoints.editCheckpoint', { id: cp.id })} onClick={() => {
                    onMode('idle');
                    edit(draftOf(cp));
                  }}>
                    {t('checkpoints.edit')}
                  </button>
                  <button type="button" data-testid="checkpoint-delete" aria-label={t('checkpoints.deleteCheckpoint', { id: cp.id })} onClick={() => {
                    remove.reset();
                    setConfirming(cp.id);
                  }}>
                    {t('checkpoints.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
