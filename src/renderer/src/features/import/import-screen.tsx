import '@mantine/dropzone/styles.css'
import { useEffect, useRef } from 'react'
import { Alert, Button, Group, Stack, Stepper, Text } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { ErrorAlert } from '../../components/error-alert'
import { ProjectBadge } from '../projects/project-badge'
import { useActiveProject, useProjects } from '../projects/projects-store'
import { followImportJob, hashConfigRefused, steps, useImport } from './import-store'
import { SourceStep } from './source-step'
import { MappingStep } from './mapping-step'
import { ValidationStep } from './validation-step'
import { DryRunStep, ProgressStep, ReportStep } from './job-steps'
import { useShortcuts } from '../../shortcut-keys'
import { useWidth } from '../../components/use-width'

/**
 * The wizard's steps, each with what it does. Below this width (a 1024 px window's screen is about
 * 790 px) the six with their descriptions wrapped onto a second line; there they are smaller, with
 * their names alone, closer together, and no name broken over two lines.
 */
const stepperRoomForDescriptions = 1000
const compactStepper = {
  size: 'xs',
  iconSize: 28,
  styles: {
    separator: { marginInline: 'var(--mantine-spacing-xs)' },
    stepLabel: { whiteSpace: 'nowrap' },
  },
} as const
const stepNames = [
  ['Source', 'File or project'],
  ['Mapping', 'Columns and hashes'],
  ['Validation', 'Every row checked'],
  ['Dry run', 'Nothing written'],
  ['Import', 'Live progress'],
  ['Report', 'Row by row'],
] as const

/** The steps whose main action Ctrl/⌘-Enter takes: the import's progress and report have none. */
const stepsWithNext: ReadonlySet<string> = new Set(['source', 'mapping', 'validation', 'dry-run'])

/** Ctrl/⌘-Enter takes the step's main action, when it is allowed. */
function nextAction(): void {
  const s = useImport.getState()
  if (s.busy) return
  if (s.step === 'source' && (s.sourceKind === 'file' ? s.uploadId : s.sourceProject)) void s.inspect()
  else if (s.step === 'mapping' && !hashConfigRefused(s)) void s.validate()
  else if (s.step === 'validation' && s.validation?.problems.every((p) => s.decisions[p.rule] === 'skip'))
    void s.dryRun()
  else if (s.step === 'dry-run' && (s.preview?.counts.change ?? 0) > 0) void s.start()
}

export function ImportScreen() {
  const active = useActiveProject()
  const { step, project, error, reset, refreshJob } = useImport()
  const stepper = useRef<HTMLDivElement>(null)
  const described = useWidth(stepper) >= stepperRoomForDescriptions
  useEffect(() => {
    const unsubscribe = followImportJob()
    void refreshJob()
    return unsubscribe
  }, [refreshJob])
  useShortcuts([['mod+Enter', nextAction]])
  // The window scrolls as one page: a step reached from the foot of the last (its buttons are there)
  // would open as far down, past its summary, or cut off at the top.
  useEffect(() => {
    window.scrollTo({ top: 0 })
  }, [step])
  useEffect(() => {
    // A new target project starts a new import; a running one keeps its project.
    if (active && active.id !== project && (step === 'source' || step === 'report' || project === null))
      reset(active.id)
  }, [active, project, step, reset])

  // A step done can be gone back to, as Back does step by step, until the import starts: from then
  // on its steps are history. Steps ahead are reached by the step's own action only.
  const goBack = stepsWithNext.has(step)
    ? (index: number) => useImport.getState().go(steps[index]!)
    : undefined

  const projects = useProjects((p) => p.projects)
  const target = projects.find((p) => p.id === project) ?? active
  if (!active || !target) return <Text c="dimmed">Choose a project to import users into.</Text>
  return (
    <Stack gap="md">
      <Group gap="xs">
        <ScreenTitle>Import users into</ScreenTitle>
        <ProjectBadge project={target} />
      </Group>
      {target.id !== active.id && (
        <Alert color="yellow" variant="light">
          This import goes into {target.name}, chosen when it started.{' '}
          <Button size="compact-sm" variant="subtle" onClick={() => reset(active.id)}>
            Start over for {active.name}
          </Button>
        </Alert>
      )}
      <Stepper
        ref={stepper}
        active={steps.indexOf(step)}
        onStepClick={goBack}
        role="group"
        aria-label="Import steps"
        allowNextStepsSelect={false}
        wrap={false}
        {...(described ? { size: 'sm' } : compactStepper)}
      >
        {stepNames.map(([label, description]) => (
          <Stepper.Step key={label} label={label} description={described ? description : undefined} />
        ))}
      </Stepper>
      {error && <ErrorAlert error={error} title="That did not work" />}
      {stepsWithNext.has(step) && (
        <Text size="xs" c="dimmed" data-testid="import-next-key">
          Ctrl/⌘-Enter: next step
        </Text>
      )}
      {step === 'source' && <SourceStep />}
      {step === 'mapping' && <MappingStep />}
      {step === 'validation' && <ValidationStep />}
      {step === 'dry-run' && <DryRunStep />}
      {step === 'import' && <ProgressStep />}
      {step === 'report' && <ReportStep />}
    </Stack>
  )
}
