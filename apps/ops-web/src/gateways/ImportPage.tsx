// /imports: bulk import of devices or checkpoints. Choose (or drop) a CSV or GeoJSON file,
// run the dry run, read the bad rows (line, column, reason) and the summary, then import —
// with "skip invalid rows" as an explicit choice when some rows are bad — following the job
// on a progress bar fed by the live pushes (and polls), to the result: what was imported,
// which rows were skipped. Template files list the parser's own columns.
import { useEffect, useId, useState, type DragEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { IMPORT_ISSUES_PAGE_MAX, type ImportIssue, type ImportIssuesPage, type ImportKind, type ImportResult } from '@ioc/contracts';
import { useServices } from '../app/services';
import { problemTitle } from '../api/problem-text';
import { registerKeys } from '../data/register';
import { formatCount, formatPct } from '../format/time';
import { dryRunVerdict, fileIssues, importPercent, isFinished, issuesByLine, uploadType, type ImportView, type UploadType } from './import-flow';
import { importTemplate, type TemplateFormat } from './import-templates';
import { gatewayKeys } from './gateways-api';
import { hasTranslation, langOf, translateMessage } from '@ioc/i18n';
import { useImportJob } from './useImportJob';
import './gateways.css';

interface Chosen {
  file: File;
  type: UploadType;
}

function download(kind: ImportKind, format: TemplateFormat): void {
  const template = importTemplate(kind, format);
  const url = URL.createObjectURL(new Blob([template.text], { type: template.contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = template.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ImportPage() {
  const { t, i18n } = useTranslation('gateways');
  const queryClient = useQueryClient();
  const dry = useImportJob();
  const run = useImportJob();
  const [kind, setKind] = useState<ImportKind>('devices');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [badFile, setBadFile] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const fileHint = useId();

  const resetJobs = () => {
    dry.reset();
    run.reset();
    setSkipInvalid(false);
  };

  const choose = (file: File | undefined) => {
    if (!file) return;
    resetJobs();
    const type = uploadType(file.name, file.type);
    if (!type) {
      setChosen(null);
      setBadFile(t('imports.badType', { name: file.name }));
      return;
    }
    setBadFile(null);
    setChosen({ file, type });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };

  const dryResult = dry.view?.state === 'completed' ? dry.view.result : null;
  const verdict = dryResult ? dryRunVerdict(dryResult) : null;
  const runView = run.view;
  const runDone = isFinished(runView);
  const running = run.starting || (runView !== null && !runDone);
  const checking = dry.starting || (dry.view !== null && !isFinished(dry.view));

  // Once an import has written rows, the screens that list devices and areas ask again.
  const importedJob = runView?.state === 'completed' && runView.result?.outcome === 'imported' ? runView.jobId : null;
  useEffect(() => {
    if (!importedJob) return;
    void queryClient.invalidateQueries({ queryKey: registerKeys.devices });
    void queryClient.invalidateQueries({ queryKey: registerKeys.areas });
    void queryClient.invalidateQueries({ queryKey: gatewayKeys.all });
  }, [importedJob, queryClient]);

  const startDry = () => chosen && void dry.start({ file: chosen.file, type: chosen.type, kind, dryRun: true, skipInvalid: false });
  const startRun = () => chosen && void run.start({ file: chosen.file, type: chosen.type, kind, dryRun: false, skipInvalid: verdict === 'some_bad' && skipInvalid });
  const locked = checking || running || runDone;

  return (
    <div className="gw-page imp-page" data-testid="import-page">
      <header className="gw-page-header">
        <div>
          <h1>{t('imports.heading')}</h1>
          <p className="gw-intro">{t('imports.intro')}</p>
        </div>
      </header>

      <div className="imp-setup">
        <fieldset className="imp-kind" disabled={locked}>
          <legend>{t('imports.kind')}</legend>
          {(['devices', 'checkpoints'] as const).map((k) => (
            <label key={k} className="imp-radio">
              <input
                type="radio"
                name="import-kind"
                value={k}
                id={`import-kind-${k}`}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  resetJobs();
                }}
              />
              {k === 'devices' ? t('imports.kindDevices') : t('imports.kindCheckpoints')}
            </label>
          ))}
        </fieldset>

        <section className="imp-templates" aria-labelledby="imp-templates-h">
          <h2 id="imp-templates-h">{t('imports.templates')}</h2>
          <p className="gw-field-note">{t('imports.templateHint')}</p>
          <div className="gw-actions">
            <button type="button" onClick={() => download(kind, 'csv')} id="template-csv">
              ↓ {t('imports.templateCsv')}
            </button>
            <button type="button" onClick={() => download(kind, 'geojson')} id="template-geojson">
              ↓ {t('imports.templateGeojson')}
            </button>
          </div>
        </section>
      </div>

      <div className={`imp-drop${dragging ? ' imp-drop-active' : ''}${locked ? ' imp-drop-locked' : ''}`} onDragOver={(e) => {
          e.preventDefault();
          if (!locked) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => (locked ? e.preventDefault() : onDrop(e))}
        data-testid="import-drop"
      >
        {/* The input itself stays focusable (Tab, then Enter or Space opens the picker); the zone is its label. */}
        <input
          type="file"
          id="import-file"
          className="sr-only"
          accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json"
          aria-describedby={fileHint}
          disabled={locked}
          onChange={(e) => {
            choose(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label htmlFor="import-file" className="imp-drop-label">
          <span className="imp-drop-icon" aria-hidden="true">
            ⇪
          </span>
          <span>{dragging ? t('imports.dropActive') : t('imports.drop')}</span>
        </label>
        <p id={fileHint} className="imp-chosen" data-testid="import-chosen" aria-live="polite">
          {chosen ? t('imports.chosen', { name: chosen.file.name, size: formatCount(Math.max(1, Math.round(chosen.file.size / 1024)), i18n.language) }) : t('imports.noFile')}
        </p>
        {badFile ? (
          <p className="field-error" role="alert" data-testid="import-bad-file">
            {badFile}
          </p>
        ) : null}
      </div>

      <div className="gw-actions">
        <button type="button" className="primary" onClick={startDry} disabled={!chosen || locked} id="import-dry-run">
          {checking ? t('imports.checking') : t('imports.dryRun')}
        </button>
        {runDone ? (
          <button
            type="button"
            onClick={() => {
              resetJobs();
              setChosen(null);
            }}
            id="import-again"
          >
            {t('imports.again')}
          </button>
        ) : null}
      </div>

      {dry.startError ? <ErrorLine error={dry.startError} /> : null}
      {dry.view && !isFinished(dry.view) ? <ProgressBar id="dry-progress" view={dry.view} /> : null}
      {dry.followError && !isFinished(dry.view) ? <ErrorLine error={dry.followError} follow /> : null}
      {dry.view?.state === 'failed' ? (
        <p className="form-error" role="alert">
          {t('imports.failed', { reason: dry.view.failedReason ?? '' })}
        </p>
      ) : null}

      {/* Once the import runs, its own result (imported, skipped) takes the dry run's place. */}
      {dryResult && verdict && !runView && !run.starting ? (
        <section className="imp-result" aria-labelledby="imp-summary-h" data-testid="dry-run-result" data-verdict={verdict}>
          <h2 id="imp-summary-h">{t('imports.summaryHeading')}</h2>
          <Summary result={dryResult} />
          {verdict === 'clean' ? <p className="imp-ok">{t('imports.clean')}</p> : null}
          {verdict === 'nothing_to_import' ? (
            <p className="form-error" role="alert">
              {t('imports.nothing')}
            </p>
          ) : null}
          {dryResult.issues.length > 0 ? <IssuesTable id="import-issues" jobId={dry.view?.jobId ?? ''} result={dryResult} /> : null}

          {verdict !== 'nothing_to_import' && !runDone ? (
            <div className="imp-run">
              {verdict === 'some_bad' ? (
                <label className="imp-check">
                  <input type="checkbox" id="skip-invalid" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} disabled={running} />
                  {t('imports.skipInvalid', { count: dryResult.badLineCount, valid: dryResult.valid })}
                </label>
              ) : null}
              <button type="button" className="primary" onClick={startRun} disabled={running || (verdict === 'some_bad' && !skipInvalid)} id="import-run">
                {running ? t('imports.importing') : t('imports.import')}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}

      {run.startError ? <ErrorLine error={run.startError} /> : null}
      {runView ? <ProgressBar id="import-progress" view={runView} /> : null}
      {run.followError && !runDone ? <ErrorLine error={run.followError} follow /> : null}
      {runView && runDone ? <RunOutcome view={runView} kind={kind} /> : null}
    </div>
  );
}

function ErrorLine({ error, follow = false }: { error: unknown; follow?: boolean }) {
  const { t } = useTranslation('gateways');
  const message = problemTitle(error, t);
  return (
    <p className="form-error" role="alert" data-testid="import-error">
      {follow ? t('imports.lost', { message }) : message}
    </p>
  );
}

function ProgressBar({ id, view }: { id: string; view: ImportView }) {
  const { t, i18n } = useTranslation('gateways');
  const pct = importPercent(view);
  const { processed, total, phase } = view.progress;
  return (
    <div className="imp-progress live-only" data-testid={`${id}-box`} data-state={view.state} data-job={view.jobId}>
      <label htmlFor={id}>{t('imports.progressLabel')}</label>
      <div className="imp-progress-row">
        <progress id={id} max={100} value={pct} />
        <span id={`${id}-text`} className="imp-progress-pct">
          {formatPct(pct, i18n.language, 0)}
        </span>
      </div>
      <span className="gw-field-note">
        {t(`imports.phase.${view.state === 'completed' ? 'done' : phase}`)}
        {total > 0 ? ` · ${t('imports.rowsProcessed', { processed: formatCount(processed, i18n.language), total: formatCount(total, i18n.language) })}` : ''}
      </span>
    </div>
  );
}

function Summary({ result }: { result: ImportResult }) {
  const { t, i18n } = useTranslation('gateways');
  return (
    <dl className="imp-summary" data-testid="import-summary">
      <div>
        <dt>{t('imports.rows')}</dt>
        <dd data-testid="summary-rows">{formatCount(result.rows, i18n.language)}</dd>
      </div>
      <div className="imp-summary-ok">
        <dt>{t('imports.valid')}</dt>
        <dd data-testid="summary-valid">{formatCount(result.valid, i18n.language)}</dd>
      </div>
      <div className={result.badLineCount > 0 ? 'imp-summary-bad' : undefined}>
        <dt>{t('imports.bad')}</dt>
        <dd data-testid="summary-bad">{formatCount(result.badLineCount, i18n.language)}</dd>
      </div>
    </dl>
  );
}

/**
 * The job carries the first problems; the rest are read from GET /imports/{id}/issues a page
 * at a time when asked for, so a report of thousands of rows never arrives in one answer.
 */
function IssuesTable({ id, jobId, result }: { id: string; jobId: string; result: ImportResult }) {
  const { t, i18n } = useTranslation('gateways');
  const { http } = useServices();
  const [more, setMore] = useState<ImportIssue[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const issues = [...result.issues, ...more];
  const rowLines = new Set([...result.badLines, ...more.map((i) => i.line).filter((l) => l > 1)]);
  const loadMore = async () => {
    setLoading(true);
    try {
      const page = await http.get<ImportIssuesPage>(`/api/v1/imports/${encodeURIComponent(jobId)}/issues?offset=${issues.length}&limit=${IMPORT_ISSUES_PAGE_MAX}`);
      setMore((m) => [...m, ...page.items]);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <h3>{t('imports.issuesHeading')}</h3>
      <div className="gw-table-wrap imp-issues-wrap">
        <table className="gw-table" id={id}>
          <caption className="sr-only">{t('imports.issuesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('imports.colLine')}
              </th>
              <th scope="col">{t('imports.colField')}</th>
              <th scope="col">{t('imports.colReason')}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue, i) => (
              <tr key={`${issue.line}-${issue.field}-${i}`} data-line={issue.line} data-field={issue.field}>
                <td className="num">{issue.line === 0 ? '—' : issue.line}</td>
                <td>{issue.field ? <span className="gw-mono">{issue.field}</span> : rowLines.has(issue.line) ? t('imports.wholeRow') : t('imports.wholeFile')}</td>
                <td>
                  <Reason reason={issue.reason} lang={i18n.language} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.issueCount > issues.length ? (
        <p className="gw-field-note" data-testid={`${id}-more`}>
          {t('imports.issuesShown', { shown: formatCount(issues.length, i18n.language), total: formatCount(result.issueCount, i18n.language) })}{' '}
          <button type="button" onClick={() => void loadMore()} disabled={loading || !jobId}>
            {t('imports.issuesMore')}
          </button>
        </p>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
    </>
  );
}

function Reason({ reason, lang }: { reason: string; lang: string }) {
  const { t } = useTranslation('gateways');
  const text = translateMessage(reason, langOf(lang));
  if (text === reason) return <span lang={hasTranslation(reason) || lang === 'en' ? undefined : 'en'}>{reason}</span>;
  return (
    <span title={t('imports.original', { reason })}>
      {text}
      <span className="sr-only"> — {t('imports.original', { reason })}</span>
    </span>
  );
}

function RunOutcome({ view, kind }: { view: ImportView; kind: ImportKind }) {
  const { t, i18n } = useTranslation('gateways');
  const result = view.result;
  if (view.state === 'failed' || !result) {
    return (
      <p className="form-error" role="alert" data-testid="import-result" data-outcome="failed">
        {t('imports.failed', { reason: view.failedReason ?? '' })}
      </p>
    );
  }
  if (result.outcome === 'rejected') {
    return (
      <section className="imp-result" data-testid="import-result" data-outcome="rejected">
        <p className="form-error" role="alert">
          {t('imports.rejected')}
        </p>
        <IssuesTable id="import-rejected-issues" jobId={view.jobId} result={result} />
      </section>
    );
  }
  const skipped = issuesByLine(result.issues.filter((i) => result.badLines.includes(i.line)));
  const whole = fileIssues(result);
  return (
    <section className="imp-result imp-done" aria-labelledby="imp-done-h" data-testid="import-result" data-outcome={result.outcome}>
      <h2 id="imp-done-h">{t('imports.doneHeading')}</h2>
      <p className="imp-ok" data-testid="import-imported" data-count={result.imported}>
        ✓ {t('imports.imported', { count: formatCount(result.imported, i18n.language), what: kind === 'devices' ? t('imports.whatDevices') : t('imports.whatCheckpoints') })}
      </p>
      <Summary result={result} />
      {kind === 'devices' ? <Link to="/devices">{t('imports.seeDevices')}</Link> : null}
      <h3>{t('imports.skippedHeading', { count: skipped.length })}</h3>
      {skipped.length === 0 && whole.length === 0 ? (
        <p>{t('imports.noneSkipped')}</p>
      ) : (
        <div className="gw-table-wrap imp-issues-wrap">
          <table className="gw-table" id="import-skipped">
            <caption className="sr-only">{t('imports.skippedHeading', { count: skipped.length })}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('imports.colLine')}
                </th>
                <th scope="col">{t('imports.colReason')}</th>
              </tr>
            </thead>
            <tbody>
              {skipped.map((row) => (
                <tr key={row.line} data-line={row.line}>
                  <td className="num">{row.line}</td>
                  <td>
                    <ul className="imp-reasons">
                      {row.issues.map((issue, i) => (
                        <li key={i}>
                          <span className="gw-mono">{issue.field || t('imports.wholeRow')}</span>: <Reason reason={issue.reason} lang={i18n.language} />
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
