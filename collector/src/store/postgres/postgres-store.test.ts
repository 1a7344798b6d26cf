import { postgresStores } from '../../../../tests/store/postgres-db.js';
import { storeContract } from '../store.contract.js';
storeContract('postgres', await postgresStores());
