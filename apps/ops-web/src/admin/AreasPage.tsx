// /admin/areas: the key areas (code, name, district, category, target, checkpoints), with
// a filter, each opening its editor; and the way to a new one.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { problemTitle } from '../api/problem-text';
import { useAreas } from '../data/register';
import { formatCount, formatPct } from '../format/time';
import './admin.css';

export function AreasPage() {
  const { t, i18n } = useTranslation('admin');
  const areas = useAreas();
  const [filter, setFilter] = useState('');
  const lang = i18n.language;
  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('vi');
    const collator = new Intl.Collator(lang === 'en' ? 'en' : 'vi');
    return (areas.data ?? [])
      .filter((a) => !q || [a.code, a.name, a.district].some((s) => s.toLocaleLowerCase('vi').includes(q)))
      .sort((a, b) => collator.compare(a.district, b.district) || a.code.localeCompare(b.code));
  }, [areas.data, filter, lang]);

  return (
    <div className="admin-page" id="admin-areas">
      <header className="admin-head">
        <div>
          <h1>{t('areas.title')}</h1>
          <p className="admin-intro">{t('areas.intro')}</p>
        </div>
        <Link to="/admin/areas/new" className="button primary" id="area-add">
          {t('areas.add')}
        </Link>
      </header>
      <div className="admin-toolbar">
        <input type="search" id="areas-filter" aria-label={t('areas.filter')} placeholder={t('areas.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} className="admin-filter" />
        {areas.data && <span className="admin-count">{t('areas.count', { count: shown.length })}</span>}
      </div>
      {areas.isPending ? (
        <p className="page-message">{t('common:state.loading')}</p>
      ) : areas.isError ? (
        <div className="page-message" role="alert">
          <p>{t('common:state.error', { message: problemTitle(areas.error, t) })}</p>
          <button type="button" onClick={() => void areas.refetch()}>
            {t('common:actions.retry')}
          </button>
        </div>
      ) : areas.data.length === 0 ? (
        <p className="page-message">{t('areas.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="page-message">{t('areas.noMatch')}</p>
      ) : (
        <table className="admin-table" id="areas-table">
          <thead>
            <tr>
              <th scope="col">{t('areas.columns.code')}</th>
              <th scope="col">{t('areas.columns.name')}</th>
              <th scope="col">{t('areas.columns.district')}</th>
              <th scope="col">{t('areas.columns.category')}</th>
              <th scope="col" className="num">
                {t('areas.columns.target')}
              </th>
              <th scope="col" className="num">
                {t('areas.columns.checkpoints')}
              </th>
              <th scope="col">{t('areas.columns.boundary')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.code} data-area={a.code}>
                <td>
                  <Link to={`/admin/areas/${encodeURIComponent(a.code)}`} className="admin-mono" aria-label={t('areas.edit', { code: a.code })}>
                    {a.code}
                  </Link>
                </td>
                <td>{a.name}</td>
                <td>{a.district}</td>
                <td>{t(`categories.${a.category}`, { defaultValue: a.category })}</td>
                <td className="num">{formatPct(a.coverageTargetPct, lang, Number.isInteger(a.coverageTargetPct) ? 0 : 1)}</td>
                <td className="num" data-testid="checkpoint-count">
                  {formatCount(a.checkpoints.length, lang)}
                </td>
                <td>{a.boundary ? t('areas.hasBoundary') : <span className="admin-warn">{t('areas.noBoundary')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
