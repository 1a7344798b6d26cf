import { sqliteStores } from '../../../../tests/store/sqlite-db.js';
import { storeContract } from '../store.contract.js';
storeContract('sqlite', sqliteStores());
