// Before every unit test file: what a Node entry does once at start.
import { loadGoRegexps } from '../../src/core/filter';

await loadGoRegexps();
