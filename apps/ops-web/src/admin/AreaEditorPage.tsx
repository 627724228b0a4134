// /admin/areas/new and /admin/areas/:code: a key area's fields (code, name, district,
// category, coverage target), its boundary drawn on the map or read from a GeoJSON file
// and shown before it is saved, and (once the area exists) its checkpoints, placed by a
// click on the map. The map's imperative part is AreaEditorMap; this owns the state.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AREA_CATEGORIES, type AreaCategory, type KeyArea } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useServices } from '../app/services';
import { useAreas } from '../data/register';
import { spreadProblem } from './api-messages';
import { AreaEditorMap, type AreaEditorMapHandlers, type EditorMode } from './area-editor-map';
import { areaInputFromForm, areaPatchFromForm, emptyAreaForm, formFromArea, type AreaFormState } from './area-form';
import { nextCheckpointId, outsideProvince, parseBoundaryFile, polygonFromVertices, selfIntersects, verticesFromPolygon } from './area-geometry';
import { CheckpointPanel, draftOf, type CheckpointDraft } from './CheckpointPanel';
import { describedBy, FieldError, FormProblemText, useFocusOnProblem } from './form-bits';
import type { ShapeState } from './polygon-editor';
import './admin.css';

export const areaKey = (code: string) => ['areas', code] as const;

export function AreaEditorPage() {
  const { code } = useParams();
  const { t } = useTranslation('admin');
  const { http } = useServices();
  const area = useQuery({
    queryKey: areaKey(code ?? ''),
    queryFn: () => http.get<KeyArea>(`/api/v1/areas/${encodeURIComponent(code ?? '')}`),
    enabled: !!code,
  });
  if (!code) return <AreaEditor key="new" area={undefined} />;
  if (area.isPending) return <p className="page-message">{t('common:state.loading')}</p>;
  if (area.isError) {
    return (
      <div className="page-message" role="alert">
        <p>{area.error instanceof ApiError && area.error.status === 404 ? t('editor.notFound', { code }) : t('common:state.error', { message: problemTitle(area.error, t) })}</p>
        <Link to="/admin/areas">{t('editor.back')}</Link>
      </div>
    );
  }
  return <AreaEditor key={code} area={area.data} />;
}

const FIELDS = ['code', 'name', 'district', 'category', 'coverageTargetPct', 'boundary'] as const;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface FileNote {
  error?: string;
  info?: string;
  warnings: string[];
}

function AreaEditor({ area }: { area: KeyArea | undefined }) {
  const { t } = useTranslation('admin');
  const { config, http } = useServices();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const areas = useAreas();
  const [form, setForm] = useState<AreaFormState>(() => (area ? formFromArea(area) : emptyAreaForm()));
  const [shape, setShape] = useState<ShapeState>(() => ({ vertices: verticesFromPolygon(area?.boundary), closed: !!area?.boundary, drawing: false }));
  const [mode, setMode] = useState<EditorMode>('idle');
  const [fileNote, setFileNote] = useState<FileNote | null>(null);
  const [notice, setNotice] = useState<string>(() => (location.state as { notice?: string } | null)?.notice ?? '');
  const [unchanged, setUnchanged] = useState(false);
  const [draft, setDraft] = useState<CheckpointDraft | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<AreaEditorMap | null>(null);
  const handlers = useRef<AreaEditorMapHandlers | null>(null);

  // The creation notice came with the navigation: shown once, not again on a reload.
  const cameWithNotice = !!(location.state as { notice?: string } | null)?.notice;
  useEffect(() => {
    if (cameWithNotice) navigate(location.pathname, { replace: true, state: null });
  }, [cameWithNotice, navigate, location.pathname]);

  // The map calls back into the latest render's state through this ref.
  useLayoutEffect(() => {
    handlers.current = {
      onShape: (s) => {
        setShape(s);
        // The outline decides: closing it ends drawing, undoing a closed one draws on.
        if (!s.drawing && mode === 'draw') setMode('idle');
        if (s.drawing && mode !== 'draw') setMode('draw');
      },
      onPick: (at) => {
        if (mode === 'place' && area) {
          setDraft({ kind: 'new', id: nextCheckpointId(area.code, area.checkpoints.map((c) => c.id)), purposes: [], description: '', location: at });
        } else if (mode === 'move') {
          setDraft((d) => (d ? { ...d, location: at } : d));
        }
        setMode('idle');
      },
      onCheckpoint: (id) => {
        const cp = area?.checkpoints.find((c) => c.id === id);
        if (cp && mode === 'idle') setDraft(draftOf(cp));
      },
      onPinMoved: (at) => setDraft((d) => (d ? { ...d, location: at } : d)),
      vertexLabel: (n) => t('boundary.vertex') + ` ${n}`,
      checkpointLabel: (cp) => `${cp.id} · ${cp.purposes.map((p) => t(`domain:purpose.${p}`)).join(', ')}${cp.description ? ` · ${cp.description}` : ''}`,
      pinLabel: () => t('checkpoints.location'),
    };
  });

  // One map for the editor's life.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const relay: AreaEditorMapHandlers = {
      onShape: (s) => handlers.current?.onShape(s),
      onPick: (at) => handlers.current?.onPick(at),
      onCheckpoint: (id) => handlers.current?.onCheckpoint(id),
      onPinMoved: (at) => handlers.current?.onPinMoved(at),
      vertexLabel: (n) => handlers.current?.vertexLabel(n) ?? String(n),
      checkpointLabel: (cp) => handlers.current?.checkpointLabel(cp) ?? cp.id,
      pinLabel: () => handlers.current?.pinLabel() ?? '',
    };
    const editorMap = new AreaEditorMap(container, config, relay);
    mapRef.current = editorMap;
    const initial = verticesFromPolygon(area?.boundary);
    if (initial.length >= 3) {
      editorMap.polygon.load(initial);
      editorMap.fitTo(initial);
    }
    return () => {
      editorMap.destroy();
      mapRef.current = null;
    };
    // The stored boundary is loaded once; later saves load theirs themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config]);

  useEffect(() => mapRef.current?.setMode(mode), [mode]);
  useEffect(() => mapRef.current?.setContext(areas.data ?? [], area?.code), [areas.data, area?.code]);
  useEffect(() => mapRef.current?.setCheckpoints(area?.checkpoints ?? [], draft?.kind === 'edit' ? draft.id : undefined), [area?.checkpoints, draft?.kind, draft?.id]);
  useEffect(() => mapRef.current?.setPin(draft?.location), [draft?.location]);

  const districtAreas = useMemo(() => (areas.data ?? []).filter((a) => a.district === form.district.trim()), [areas.data, form.district]);
  const districts = useMemo(() => [...new Set((areas.data ?? []).map((a) => a.district))].sort((a, b) => a.localeCompare(b, 'vi')), [areas.data]);
  // A new area: choosing its district brings the map to that district's areas.
  const blank = !area && shape.vertices.length === 0;
  useEffect(() => {
    if (!blank || districtAreas.length === 0) return;
    mapRef.current?.fitTo(districtAreas.flatMap((a) => verticesFromPolygon(a.boundary)), 16);
  }, [blank, districtAreas]);

  const set = <K extends keyof AreaFormState>(key: K, value: AreaFormState[K]) => {
    setUnchanged(false);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const save = useMutation({
    mutationFn: async (): Promise<KeyArea | undefined> => {
      const polygon = polygonFromVertices(shape.vertices);
      if (!area) return http.post<KeyArea>('/api/v1/areas', areaInputFromForm(form, polygon));
      const patch = areaPatchFromForm(area, form, polygon ?? null);
      if (Object.keys(patch).length === 0) return undefined;
      return http.patch<KeyArea>(`/api/v1/areas/${encodeURIComponent(area.code)}`, patch);
    },
    onSuccess: (saved) => {
      if (!saved) {
        setUnchanged(true);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: ['areas'] });
      queryClient.setQueryData(areaKey(saved.code), saved);
      if (!area) {
        navigate(`/admin/areas/${encodeURIComponent(saved.code)}`, { replace: true, state: { notice: t('editor.created', { code: saved.code }) } });
        return;
      }
      setForm(formFromArea(saved));
      mapRef.current?.polygon.load(verticesFromPolygon(saved.boundary));
      setMode('idle');
      setNotice(t('editor.saved', { code: saved.code }));
    },
  });
  const spread = spreadProblem(save.error, FIELDS);
  const err = spread.fields;
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnProblem(formRef, save.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    save.mutate();
  }

  async function readFile(file: File) {
    setMode('idle');
    if (file.size > MAX_FILE_BYTES) {
      setFileNote({ error: t('boundary.fileTooLarge', { file: file.name }), warnings: [] });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setFileNote({ error: t('boundary.fileFailed', { file: file.name }), warnings: [] });
      return;
    }
    const parsed = parseBoundaryFile(text);
    if (!parsed.ok) {
      setFileNote({ error: t(`boundary.fileErrors.${parsed.error}`, { file: file.name }), warnings: [] });
      return;
    }
    const vertices = verticesFromPolygon(parsed.polygon);
    mapRef.current?.polygon.load(vertices);
    mapRef.current?.fitTo(vertices);
    // A file that names the area fills what the admin has not typed yet.
    const p = parsed.properties;
    const text_ = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    setForm((f) => ({
      code: f.code || (!area && text_(p.code)) || f.code,
      name: f.name || text_(p.name) || f.name,
      district: f.district || text_(p.district) || f.district,
      category: f.category || ((AREA_CATEGORIES as readonly string[]).includes(String(p.category)) ? (p.category as AreaCategory) : f.category),
      target: f.target,
    }));
    setFileNote({
      info: t('boundary.imported', { file: file.name, count: vertices.length }),
      warnings: parsed.warnings.map((w) => t(`boundary.${w}`, { count: parsed.ignored })),
    });
  }

  function onMapKey(e: KeyboardEvent) {
    if (e.target !== e.currentTarget) return; // a key on a vertex handle or a popup
    if (e.key === 'Escape' && mode !== 'idle') setMode('idle');
    if (e.key === 'Enter' && mode !== 'idle') {
      e.preventDefault();
      mapRef.current?.pickCentre();
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && shape.vertices.length > 0) {
      e.preventDefault();
      mapRef.current?.polygon.undo();
    }
  }

  const n = shape.vertices.length;
  const boundaryState = shape.drawing ? 'drawing' : shape.closed ? 'closed' : n > 0 ? 'open' : 'none';
  const warnings = [...(selfIntersects(shape.vertices) ? [t('boundary.selfIntersects')] : []), ...(n > 0 && outsideProvince(shape.vertices) ? [t('boundary.outsideProvince')] : [])];
  const mapHint =
    mode === 'draw' ? t('boundary.drawing', { count: n }) : mode === 'place' ? t('checkpoints.placeHint') : mode === 'move' ? t('checkpoints.moveHint') : '';

  return (
    <div className="admin-editor" id="area-editor" data-area={area?.code ?? ''}>
      <div className="admin-editor-side">
        <Link to="/admin/areas" className="admin-back">
          {t('editor.back')}
        </Link>
        <h1>{area ? t('editor.editTitle', { code: area.code }) : t('editor.newTitle')}</h1>
        {area && (
          <p className="admin-sub">
            {area.name} ·{' '}
            <Link to={`/admin/audit?entityType=key_area&entityId=${encodeURIComponent(area.code)}`} id="area-audit-link">
              {t('editor.auditLink')}
            </Link>
          </p>
        )}
        <p className="admin-notice" role="status" id="area-notice">
          {notice}
        </p>
        <form id="area-form" ref={formRef} className="admin-form" onSubmit={submit} noValidate>
          {!area && (
            <div className="field">
              <label htmlFor="area-code">{t('editor.code')}</label>
              <input id="area-code" className="admin-mono" autoComplete="off" spellCheck={false} value={form.code} onChange={(e) => set('code', e.target.value)} {...describedBy('area-code', err.code, true)} />
              <span className="admin-hint" id="area-code-hint">
                {t('editor.codeHint')}
              </span>
              <FieldError id="area-code-error" message={err.code} />
            </div>
          )}
          <div className="field">
            <label htmlFor="area-name">{t('editor.name')}</label>
            <input id="area-name" value={form.name} onChange={(e) => set('name', e.target.value)} {...describedBy('area-name', err.name)} />
            <FieldError id="area-name-error" message={err.name} />
          </div>
          <div className="admin-row">
            <div className="field">
              <label htmlFor="area-district">{t('editor.district')}</label>
              <input id="area-district" list="area-districts" value={form.district} onChange={(e) => set('district', e.target.value)} {...describedBy('area-district', err.district, true)} />
              <datalist id="area-districts">
                {districts.map((d) => (
                  <option key={d} value={d} />
                ))}
              </datalist>
              <span className="admin-hint" id="area-district-hint">
                {t('editor.districtHint')}
              </span>
              <FieldError id="area-district-error" message={err.district} />
            </div>
          </div>
          <div className="admin-row">
            <div className="field">
              <label htmlFor="area-category">{t('editor.category')}</label>
              <select id="area-category" value={form.category} onChange={(e) => set('category', e.target.value as AreaCategory | '')} {...describedBy('area-category', err.category)}>
                <option value="">{t('editor.categoryPick')}</option>
                {AREA_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`categories.${c}`)}
                  </option>
                ))}
              </select>
              <FieldError id="area-category-error" message={err.category} />
            </div>
            <div className="field">
              <label htmlFor="area-target">{t('editor.target')}</label>
              <input id="area-target" inputMode="decimal" value={form.target} onChange={(e) => set('target', e.target.value)} {...describedBy('area-target', err.coverageTargetPct, true)} />
              <span className="admin-hint" id="area-target-hint">
                {t('editor.targetHint')}
              </span>
              <FieldError id="area-target-error" message={err.coverageTargetPct} />
            </div>
          </div>

          <fieldset className="admin-boundary" id="area-boundary" aria-describedby={err.boundary ? 'area-boundary-error' : undefined}>
            <legend>{t('boundary.legend')}</legend>
            <p id="area-boundary-state" data-state={boundaryState} data-vertices={n} className="admin-boundary-state">
              {t(`boundary.${boundaryState}`, { count: n })}
            </p>
            <div className="admin-buttons">
              {mode === 'draw' ? (
                <button type="button" id="boundary-stop" onClick={() => setMode('idle')}>
                  {t('boundary.stopDrawing')}
                </button>
              ) : (
                <button type="button" id="boundary-draw" onClick={() => setMode('draw')}>
                  {t(boundaryState === 'open' ? 'boundary.resume' : n > 0 ? 'boundary.redraw' : 'boundary.draw')}
                </button>
              )}
              <button type="button" id="boundary-undo" onClick={() => mapRef.current?.polygon.undo()} disabled={n === 0}>
                {t('boundary.undo')}
              </button>
              <button type="button" id="boundary-close" onClick={() => mapRef.current?.polygon.close()} disabled={shape.closed || n < 3}>
                {t('boundary.close')}
              </button>
              <button type="button" id="boundary-clear" onClick={() => mapRef.current?.polygon.clear()} disabled={n === 0}>
                {t('boundary.clear')}
              </button>
              {area?.boundary && (
                <button
                  type="button"
                  id="boundary-reset"
                  onClick={() => {
                    setMode('idle');
                    mapRef.current?.polygon.load(verticesFromPolygon(area.boundary));
                  }}
                >
                  {t('boundary.reset')}
                </button>
              )}
            </div>
            <div className="admin-file">
              <label htmlFor="area-file" className="button">
                {t('boundary.import')}
              </label>
              <input
                id="area-file"
                type="file"
                className="admin-file-input"
                accept=".geojson,.json,application/geo+json,application/json"
                aria-describedby="area-file-hint"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void readFile(file);
                }}
              />
              <span className="admin-hint" id="area-file-hint">
                {t('boundary.importHint')}
              </span>
            </div>
            {fileNote?.error && (
              <p className="field-error" role="alert" id="area-file-error">
                {fileNote.error}
              </p>
            )}
            {fileNote?.info && (
              <p className="admin-notice" role="status" id="area-file-info">
                {fileNote.info}
              </p>
            )}
            {[...(fileNote?.warnings ?? []), ...warnings].map((w) => (
              <p key={w} className="admin-warn" role="status">
                {w}
              </p>
            ))}
            <FieldError id="area-boundary-error" message={err.boundary} />
            {n > 0 && (
              <details className="admin-vertices" id="area-vertices">
                <summary>{t('boundary.vertices', { count: n })}</summary>
                <table className="admin-table compact">
                  <thead>
                    <tr>
                      <th scope="col">{t('boundary.vertex')}</th>
                      <th scope="col" className="num">
                        {t('boundary.lon')}
                      </th>
                      <th scope="col" className="num">
                        {t('boundary.lat')}
                      </th>
                      <th scope="col">
                        <span className="sr-only">{t('checkpoints.delete')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {shape.vertices.map(([lon, lat], i) => (
                      <tr key={i} data-testid="vertex-row" data-lon={lon} data-lat={lat}>
                        <td>{i + 1}</td>
                        <td className="num admin-mono">{lon.toFixed(6)}</td>
                        <td className="num admin-mono">{lat.toFixed(6)}</td>
                        <td>
                          <button type="button" className="ghost" aria-label={t('boundary.removeVertex', { n: i + 1 })} onClick={() => mapRef.current?.polygon.removeVertex(i)}>
                            ✕
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </fieldset>

          <FormProblemText id="area-form-error" error={save.error} spread={spread} />
          {unchanged && (
            <p className="admin-notice" role="status">
              {t('noChanges')}
            </p>
          )}
          <div className="admin-buttons">
            <button type="submit" className="primary" id="area-submit" disabled={save.isPending}>
              {save.isPending ? t('saving') : t(area ? 'editor.save' : 'editor.create')}
            </button>
          </div>
        </form>

        {area ? (
          <CheckpointPanel
            area={area}
            draft={draft}
            mode={mode}
            onDraft={setDraft}
            onMode={setMode}
            onNotice={setNotice}
          />
        ) : (
          <p className="admin-hint">{t('checkpoints.afterCreate')}</p>
        )}
      </div>
      <div className="admin-editor-map">
        <div ref={containerRef} className="admin-map" id="area-map" role="region" aria-label={t('editor.map')} aria-describedby="area-map-keys" tabIndex={0} onKeyDown={onMapKey} />
        <span className="sr-only" id="area-map-keys">
          {t('editor.keyboardHint')}
        </span>
        <div className="admin-map-legend" id="area-map-legend">
          <span style={{ '--dot': '#0b4f8a' } as CSSProperties}>{t('domain:purpose.traffic')}</span>
          <span style={{ '--dot': '#b34700' } as CSSProperties}>{t('domain:purpose.security')}</span>
          <span style={{ '--dot': '#6a1b9a' } as CSSProperties}>{t('checkpoints.both')}</span>
          <span className="admin-legend-area">{t('editor.otherAreas')}</span>
        </div>
        {mapHint && (
          <div className="admin-map-hint" role="status" id="area-map-hint">
            {mapHint}
          </div>
        )}
        {mode !== 'idle' && (
          <>
            <span className="admin-crosshair" aria-hidden="true" />
            <button type="button" className="admin-map-centre" id="map-pick-centre" onClick={() => mapRef.current?.pickCentre()}>
              {t(mode === 'draw' ? 'editor.vertexAtCentre' : 'editor.pointAtCentre')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
