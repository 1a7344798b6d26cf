import { sqliteStores } from './test-stores.js';
import { storeContract } from '../store.contract.js';
storeContract('sqlite', sqliteStores());
import { statesContract } from '../states.contract.js';
statesContract('sqlite', sqliteStores());
