import { postgresStores } from './test-databases.js';
import { storeContract } from '../store.contract.js';
storeContract('postgres', await postgresStores());
import { statesContract } from '../states.contract.js';
statesContract('postgres', await postgresStores());
