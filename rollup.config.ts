// One rollup config for every built artefact (the browser's, and the Node client's). Each part owns its own build description
// (sdk/build.ts, extension/build.ts, collector/ui-build.ts) so parts change independently.
import type { RollupOptions } from 'rollup';
import { sdkBuild } from './sdk/build';
import { extensionBuild } from './extension/build';
import { uiBuild } from './collector/ui-build';
import { serverBuild } from './server/build';

export default [...sdkBuild(), ...extensionBuild(), ...uiBuild(), ...serverBuild()] satisfies RollupOptions[];
