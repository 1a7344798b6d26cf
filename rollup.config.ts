// One rollup config for every browser artefact. Each part owns its own build description
// (sdk/build.ts, extension/build.ts, collector/ui-build.ts) so parts change independently.
import type { RollupOptions } from 'rollup';
import { sdkBuild } from './sdk/build';
import { extensionBuild } from './extension/build';
import { uiBuild } from './collector/ui-build';

export default [...sdkBuild(), ...extensionBuild(), ...uiBuild()] satisfies RollupOptions[];
