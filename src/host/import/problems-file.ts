import { basename, join } from 'node:path'
import { fail } from '@shared/errors'
import { PROBLEM_COLUMNS, type ImportProblemsFile, type ImportMapping } from '@shared/models/import'
import type { ImportProblem } from '@shared/models/import'
import { csvCell } from '../csv-cell'
import { REPORT_TEXT_ROWS } from '../jobs/report'
import { Stopped } from '../jobs/row-runner'
import { makePrivateDir, StreamedPrivateFile } from '../private-files'
import type { ProblemSink } from './validator'
import type { ImportUser } from './user-mapper'

/** A file name's stem kept to letters, digits, dots, dashes and underscores: it names a file on any OS. */
function stem(name: string): string {
  const base = basename(name).replace(/\.[^.]*$/, '')
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'import'
}

/**
 * One line a problem: its row and rule as the validation step shows them, then the row's id (only when
 * the file has one: an id derived from the email is nowhere in the file), email and phone, by which
 * whoever fixes the file finds the row. Never a password.
 */
function csvLine(problem: ImportProblem, user: ImportUser, mapping: ImportMapping): string {
  const id = mapping.id !== undefined ? user.id : ''
  return [
    String(problem.row),
    problem.rule,
    problem.field,
    problem.message,
    id,
    user.email ?? '',
    user.phone ?? '',
  ]
    .map(csvCell)
    .join(',')
}

/**
 * Writes `<dataDir>/imports/problems/<source>-problems.csv` as the validation hands on its problems, so
 * a million of them are never held; the text returned carries the first `textRows`, as a job report's
 * does. `validate` runs the validation with the sink it is given, and reads no further once `stop` is
 * aborted: the save then fails `cancelled`.
 */
export async function saveProblems(
  dataDir: string,
  sourceName: string,
  mapping: ImportMapping,
  validate: (sink: ProblemSink) => Promise<unknown>,
  { stop, textRows = REPORT_TEXT_ROWS }: { stop?: AbortSignal; textRows?: number } = {},
): Promise<ImportProblemsFile> {
  const dir = join(dataDir, 'imports', 'problems')
  makePrivateDir(dir)
  const filename = `${stem(sourceName)}-problems.csv`
  const path = join(dir, filename)
  const head = PROBLEM_COLUMNS.join(',') + '\n'
  // Two saves at once each write their own file; the last to finish is kept whole.
  const out = new StreamedPrivateFile(path)
  const first: string[] = []
  let rows = 0
  try {
    out.write(head)
    await validate((problem, user) => {
      const line = csvLine(problem, user, mapping) + '\n'
      if (rows < textRows) first.push(line)
      out.write(line)
      rows++
    })
    // Stopped after its last row was read, the file is whole, but the person asked for none.
    if (stop?.aborted) throw new Stopped()
    out.commit()
  } catch (err) {
    // A stopped save removes what it wrote rather than keeping it marked partial: a problems CSV cut
    // short has the whole one's header and rows in order, and nothing in it can say it stops early;
    // whoever fixes the file from it would fix only the rows it reached. An earlier save's file stays.
    out.abandon()
    if (err instanceof Stopped)
      fail('cancelled', 'Saving the rows with a problem was stopped; no file was written.')
    throw err
  }
  return { format: 'csv', filename, text: head + first.join(''), path, rows, truncated: rows > first.length }
}
