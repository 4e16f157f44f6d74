import Foundation
import TutorCohort
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

// The part of backend-tutor that talks to a cohort's PostgreSQL server; `backend-tutor cohort`
// runs it. Its grammar and help are TutorKit's CohortCommand, the same the tutor lists.
signal(SIGPIPE, SIG_IGN)
let environment = TutorEnvironment.current()
let console = CohortConsole(environment: environment)
let command: CohortCommand
do {
    command = try CohortCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    CohortCommand.exit(withError: error)
}
do {
    let result = try await CohortRunner(environment: environment).run(command)
    exit(console.show(result, command: command).rawValue)
} catch let error as CohortError where error == .busy {
    // Not a failure: the sync already running sends the same records.
    exit(command.quiet ? ExitStatus.success.rawValue : console.show(Message(.info, error.message), command: command).rawValue)
} catch {
    console.fail(error, command: command)
    exit(ErrorReport.status(of: error).rawValue)
}
