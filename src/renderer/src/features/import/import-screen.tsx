import '@mantine/dropzone/styles.css'
import { useEffect } from 'react'
import { Group, Stack, Stepper, Text, Title } from '@mantine/core'
import { ErrorAlert } from '../../components/error-alert'
import { ProjectBadge } from '../projects/project-badge'
import { useActiveProject } from '../projects/projects-store'
import { followImportJob, steps, useImport } from './import-store'
import { SourceStep } from './source-step'
import { MappingStep } from './mapping-step'
import { ValidationStep } from './validation-step'
import { DryRunStep, ProgressStep, ReportStep } from './job-steps'

export function ImportScreen() {
  const active = useActiveProject()
  const { step, project, error, reset } = useImport()
  useEffect(() => followImportJob(), [])
  useEffect(() => {
    // A new target project starts a new import; a running one keeps its project.
    if (active && active.id !== project && (step === 'source' || step === 'report' || project === null))
      reset(active.id)
  }, [active, project, step, reset])

  if (!active) return <Text c="dimmed">Choose a project to import users into.</Text>
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Title order={3}>Import users into</Title>
        <ProjectBadge project={active} />
      </Group>
      <Stepper active={steps.indexOf(step)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="Source" description="File or project" />
        <Stepper.Step label="Mapping" description="Columns and hashes" />
        <Stepper.Step label="Validation" description="Every row checked" />
        <Stepper.Step label="Dry run" description="Nothing written" />
        <Stepper.Step label="Import" description="Live progress" />
        <Stepper.Step label="Report" description="Row by row" />
      </Stepper>
      {error && <ErrorAlert error={error} title="That did not work" />}
      {step === 'source' && <SourceStep />}
      {step === 'mapping' && <MappingStep />}
      {step === 'validation' && <ValidationStep />}
      {step === 'dry-run' && <DryRunStep />}
      {step === 'import' && <ProgressStep />}
      {step === 'report' && <ReportStep />}
    </Stack>
  )
}
