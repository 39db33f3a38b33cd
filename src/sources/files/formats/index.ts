// Every file format read from CSV or Parquet, in detection order: the one place a format is registered.
import recon from './recon.js';
import costExport from './costExport.js';
import focus from './focus.js';
import m365ActiveUserDetail from './m365ActiveUserDetail.js';

export const tabularFormats = [recon, costExport, focus, m365ActiveUserDetail] as const;
