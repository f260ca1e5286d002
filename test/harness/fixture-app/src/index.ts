// The only module FixtureApp.ts imports: the packager bundles src/ into this one file.
export { onBlockAction } from './buttons';
export { FixtureCommand } from './command';
export { EchoEndpoint } from './echo';
export { PROCESSORS } from './jobs';
export { answerPing, isPingFromSomeoneElse } from './ping';
export { BenchEndpoint, isRelay, relay } from './bench';
