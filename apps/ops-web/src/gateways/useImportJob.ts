// Starting a bulk import and following it to its end: the job as POST answered it, then the
// live `import.progress` pushes of the user's own imports and a GET poll every 1.5 s (a push
// can be missed: a reconnect, or a small file finished before the answer arrived), always
// keeping the furthest view. Pushes that arrive before the POST answers are held by job id.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJob, ImportKind, ImportProgress } from '@ioc/contracts';
import { useServices } from '../app/services';
import { furtherView, isFinished, viewOfJob, viewOfPush, type ImportView, type UploadType } from './import-flow';

const POLL_MS = 1_500;

export interface ImportRequest {
  file: Blob;
  type: UploadType;
  kind: ImportKind;
  dryRun: boolean;
  skipInvalid: boolean;
}

export interface ImportJobHandle {
  view: ImportView | null;
  /** The POST failed (the job never started). */
  startError: unknown;
  /** The last poll failed while the job was still running (cleared by the next good one). */
  followError: unknown;
  starting: boolean;
  start(request: ImportRequest): Promise<void>;
  reset(): void;
}

export function useImportJob(): ImportJobHandle {
  const { http, live } = useServices();
  const [view, setView] = useState<ImportView | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [followError, setFollowError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const following = useRef<string | null>(null);
  const early = useRef(new Map<string, ImportProgress>());

  useEffect(() => {
    if (!live) return undefined;
    return live.onImportProgress((push) => {
      if (push.jobId === following.current) setView((v) => furtherView(v, viewOfPush(push, v)));
      else early.current.set(push.jobId, push);
    });
  }, [live]);

  const jobId = view?.jobId;
  const finished = isFinished(view);
  useEffect(() => {
    if (!jobId || finished) return undefined;
    let stopped = false;
    const poll = async () => {
      try {
        const job = await http.get<ImportJob>(`/api/v1/imports/${encodeURIComponent(jobId)}`);
        if (stopped) return;
        setFollowError(null);
        setView((v) => furtherView(v, viewOfJob(job)));
      } catch (err) {
        if (!stopped) setFollowError(err);
      }
    };
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [jobId, finished, http]);

  const start = useCallback(
    async ({ file, type, kind, dryRun, skipInvalid }: ImportRequest) => {
      following.current = null;
      early.current.clear();
      setView(null);
      setStartError(null);
      setFollowError(null);
      setStarting(true);
      try {
        const job = await http.request<ImportJob>('POST', '/api/v1/imports', {
          raw: { data: file, contentType: type.contentType },
          query: { kind, format: type.format, dryRun: dryRun || undefined, skipInvalid: skipInvalid || undefined },
        });
        following.current = job.id;
        let next = viewOfJob(job);
        const pushed = early.current.get(job.id);
        if (pushed) next = furtherView(next, viewOfPush(pushed, next));
        early.current.clear();
        setView(next);
      } catch (err) {
        setStartError(err);
      } finally {
        setStarting(false);
      }
    },
    [http],
  );

  const reset = useCallback(() => {
    following.current = null;
    early.current.clear();
    setView(null);
    setStartError(null);
    setFollowError(null);
  }, []);

  return { view, startError, followError, starting, start, reset };
}
