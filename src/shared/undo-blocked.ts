/**
 * Why a change Appwrite would let be set back cannot be undone from this Userdeck: the project it was
 * made on is not here. A removed one is gone for good (a project added again is new to Userdeck, with
 * an id of its own); one named by URL was known for that one command, and its key never kept: the CLI
 * names it again, with the key, to undo there. The host refuses such undos with `why`; Activity shows
 * `short` where its Undo button would be.
 */
export type UndoBlocked = 'project_removed' | 'command_line'

export const undoBlockedWords: Record<UndoBlocked, { short: string; why(projectName: string): string }> = {
  project_removed: {
    short: 'project removed',
    why: (name) =>
      `"${name}" has been removed from Userdeck, so its changes cannot be undone here. A project added again is new to Userdeck and does not take on the history of the one removed.`,
  },
  command_line: {
    short: 'command line',
    why: (name) =>
      `This change was made on ${name}, a project named on the command line, whose key Userdeck does not keep. Undo it on the command line with the key again: userdeck users undo ENTRY --key-env VAR (a job: userdeck jobs undo JOB --key-env VAR).`,
  },
}
