// e2e tests drive the real pulumi CLI through several operations; on a busy 2-core machine one
// test can take minutes.
jest.setTimeout(900000);
