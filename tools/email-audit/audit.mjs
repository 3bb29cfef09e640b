// caniemail's verdict (doiuse-email) on each HTML email named on the command line, as JSON:
// {"file": {"errors": [...], "notes": [...]}} for the clients in EMAIL_CLIENTS (comma-separated).
import { readFileSync } from 'node:fs';
import { doIUseEmail } from 'doiuse-email';

const clients = (process.env.EMAIL_CLIENTS || 'gmail.*,outlook.*,apple-mail.*,yahoo.*').split(',');
const report = {};
for (const file of process.argv.slice(2)) {
  const result = doIUseEmail(readFileSync(file, 'utf8'), { emailClients: clients });
  report[file] = { errors: result.errors || [], notes: result.notes || [] };
}
process.stdout.write(JSON.stringify(report));
