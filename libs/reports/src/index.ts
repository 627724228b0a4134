// Monthly SLA report renderers: CSV for spreadsheets, versioned JSON for the provincial
// reporting system, and an A4 PDF in Vietnamese with a chart. Pure functions of a
// `MonthlyReport`; the services compute the figures and serve the files.
export * from './report.error';
export * from './monthly-report';
export * from './report-csv';
export * from './report-xlsx';
export * from './report-json';
export * from './report-fonts';
export * from './report-document';
export * from './report-pdf';
