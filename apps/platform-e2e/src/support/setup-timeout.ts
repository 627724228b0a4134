// End-to-end tests start processes and wait for real services: give each test two minutes.
// (testTimeout in a project config is ignored when jest runs several projects.)
jest.setTimeout(120_000);
