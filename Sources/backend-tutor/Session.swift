import Foundation
import TutorKit

/// One run of the tutor: loads what each command needs, runs it, and shows the result.
final class Session {
    let environment: TutorEnvironment
    let terminal: Terminal
    let mode: Mode
    /// The options the tutor was started with; a REPL line's own options add to them.
    let settings: GlobalSettings
    let loader: ContextLoader
    /// What the REPL loaded at the start and reuses for every line.
    private(set) var workspace: Workspace?

    init(environment: TutorEnvironment, terminal: Terminal, mode: Mode, settings: GlobalSettings) {
        self.environment = environment
        self.terminal = terminal
        self.mode = mode
        self.settings = settings
        loader = ContextLoader(environment: environment)
    }

    /// Loads the curriculum and the progress database for the whole REPL session.
    func open() throws {
        workspace = try loader.workspace(for: .learner, settings: settings, warn: warn)
    }

    /// A context for the REPL's own use (the welcome, completion).
    var replContext: CommandContext? {
        workspace.map { loader.context(for: .learner, settings: settings, mode: mode, in: $0) }
    }

    /// A REPL line's own options add to the ones the tutor was started with: `--db`, `--content`
    /// and `--profile` on a line apply to that line.
    func merged(_ line: GlobalSettings) -> GlobalSettings {
        GlobalSettings(noColor: settings.noColor || line.noColor, noPager: settings.noPager || line.noPager,
                       contentDirectory: line.contentDirectory ?? settings.contentDirectory,
                       database: line.database ?? settings.database, profile: line.profile ?? settings.profile,
                       allStacks: settings.allStacks || line.allStacks)
    }

    /// What reading an answer gave.
    enum Answer {
        case line(String)
        /// Ctrl-C; `typed` says whether anything had been typed at the prompt.
        case interrupted(typed: Bool)
        /// End of input.
        case end
    }

    /// A one-shot command's workspaces, held until the process exits right after the command:
    /// freeing the catalog item by item cost 3.7 million instructions at 10,000 lessons, and a
    /// GRDB queue, when freed, unregisters from Foundation's notification centre, whose first type
    /// cast scans the binary's conformance records (0.8 million of every command that opens a
    /// database). ``finish()`` closes their databases.
    private var keptUntilExit: [Workspace] = []

    /// Ends the run: closes the databases its commands opened (SQLite folds the WAL into the
    /// database and removes it, as on any close) and leaves the rest to the process's exit.
    func finish() {
        for workspace in keptUntilExit + [workspace].compactMap({ $0 }) {
            workspace.store?.close()
            workspace.cache?.close()
        }
    }

    /// Set when the learner typed `/quit` at a question: the REPL ends after this command.
    private(set) var leaving = false

    /// Runs a command, shows its result, then asks each question it carries until none is left.
    /// At a question, a command that only looks runs and the question comes back; other
    /// commands are refused there; nothing but an answer is counted. A reply that asks a
    /// question is never paged, so the question always ends at its prompt. Returns the exit status.
    func run(_ command: any TutorCommand, allowPager: Bool, ask: (Question) -> Answer) -> ExitStatus {
        let settings = merged(command.global.settings)
        let workspace: Workspace
        do {
            workspace = try loader.workspace(for: command.needs, settings: settings, reusing: self.workspace, warn: warn)
        } catch {
            fail(error, settings: settings)
            return ErrorReport.status(of: error)
        }
        if mode == .shell { keptUntilExit.append(workspace) }
        // The REPL keeps the search cache once a search has opened it beside its catalog.
        if mode == .repl, let kept = self.workspace, workspace.widens(kept) { self.workspace = workspace }
        let context = loader.context(for: command.needs, settings: settings, mode: mode, in: workspace)
        // In a cohort, a command that may have changed progress starts a sync in the background,
        // at most every minute; it never waits for the server.
        defer {
            if !command.looksOnly, !(command is CohortCommand), let store = context.store {
                CohortProgram.syncAfterCommand(store: store, profileName: context.profileName, database: workspace.databaseURL,
                                               environment: environment, now: context.now)
            }
        }
        var reply: Reply
        do {
            reply = try command.reply(in: context)
        } catch {
            // The terminal echoed ^C where the cursor was: the message starts on a line of its own.
            if ErrorReport.status(of: error) == .interrupted, terminal.stdoutIsTerminal { Terminal.write("\n", to: .output) }
            fail(error, settings: settings)
            return ErrorReport.status(of: error)
        }
        var status = show(reply, settings: settings, allowPager: allowPager && reply.question == nil)
        var interruptedOnce = false
        while let asked = reply.question {
            let hint = asked.defaultAnswer.map { " (Enter for \($0))" } ?? ""
            let choices = asked.choices.isEmpty ? "" : " [\(asked.choices.joined(separator: ", "))]"
            show(Output([.notice(.info, "\(asked.prompt)\(choices)\(hint)")]), settings: settings, allowPager: false)
            let started = Date()
            let line: String
            switch ask(asked) {
            case .end:
                if case .quiz = asked.kind {
                    // Input ended mid-quiz: end it as /quit would, keeping what was answered.
                    if case .reply(let last)? = try? asked.resolve("/quit", in: context) {
                        status = max(status, show(last, settings: settings, allowPager: false))
                    }
                } else {
                    show(Output([.notice(.warning, asked.kind.leaving ?? "No answer: nothing was changed.")]), settings: settings, allowPager: false)
                }
                return status
            case .interrupted(let typed):
                // Ctrl-C clears the line; on an empty line a second one in a row ends the quiz
                // (a setup question: cancels it).
                if typed { interruptedOnce = false; continue }
                guard case .quiz = asked.kind else {
                    show(Output([.notice(.info, asked.kind.leaving ?? "Cancelled: nothing was changed.")]), settings: settings, allowPager: false)
                    return status
                }
                if interruptedOnce, case .reply(let last)? = try? asked.resolve("/quit", in: context) {
                    return max(status, show(last, settings: settings, allowPager: false))
                }
                interruptedOnce = true
                show(Output([.notice(.info, "Ctrl-C again ends the quiz; your answers so far are kept.")]), settings: settings, allowPager: false)
                continue
            case .line(let typed):
                interruptedOnce = false
                // Ctrl-C or the end of input in the middle of a statement drops it: ask again.
                guard let whole = Self.complete(typed, for: asked, ask: ask) else { continue }
                line = whole
            }
            switch QuestionInput.classify(line, for: asked) {
            case .quit:
                leaving = true
                return status
            case .show(let text):
                Terminal.write(text.hasSuffix("\n") ? text : text + "\n", to: .output)
                showQuestionAgain(asked, settings: settings)
                continue
            case .refused(let reason):
                show(Output([.notice(.warning, reason)]), settings: settings, allowPager: false)
                continue
            case .aside(let aside):
                status = max(status, run(aside, allowPager: allowPager, ask: ask))
                showQuestionAgain(asked, settings: settings)
                continue
            case .answer:
                break
            }
            do {
                switch try asked.resolve(line, elapsed: Date().timeIntervalSince(started), in: context) {
                case .cancelled:
                    show(Output([.notice(.info, "Cancelled: nothing was changed.")]), settings: settings, allowPager: false)
                    return status
                case .reply(let next):
                    reply = next
                case .run(let next):
                    let nextContext = loader.context(for: next.needs, settings: settings, mode: mode, in: workspace)
                    reply = try next.reply(in: nextContext)
                }
                status = max(status, show(reply, settings: settings, allowPager: allowPager && reply.question == nil))
            } catch {
                // The question is asked again; the run still ends as a failure, as a piped script
                // or a quiz whose answer could not be saved must not exit 0.
                fail(error, settings: settings)
                status = max(status, ErrorReport.status(of: error))
            }
        }
        return status
    }

    /// The answer with the lines it still needs (an SQL statement goes on at `...›` until its
    /// `;`); nil when Ctrl-C or the end of input came first.
    private static func complete(_ first: String, for question: Question, ask: (Question) -> Answer) -> String? {
        guard let needsMore = question.needsMore else { return first }
        var continuation = question
        continuation.label = "..."
        var text = first
        while needsMore(text) {
            guard case .line(let more) = ask(continuation) else { return nil }
            text += "\n" + more
        }
        return text
    }

    /// After a command run at a quiz's prompt: the question again, so the prompt follows it.
    private func showQuestionAgain(_ question: Question, settings: GlobalSettings) {
        guard case .quiz(let session) = question.kind else { return }
        show(Reply(result: QuizReply(intro: nil, step: QuizStep(feedback: nil, session: session, summary: nil))), settings: settings, allowPager: false)
    }

    /// Prints a reply as JSON or shows it as text: the one place that decides. Returns its status.
    @discardableResult
    func show(_ reply: Reply, settings: GlobalSettings, allowPager: Bool) -> ExitStatus {
        do {
            switch try Presenter.present(reply, in: ViewContext(mode: mode)) {
            case .json(let text): Terminal.write(text, to: .output)
            case .text(let output): show(output, settings: settings, allowPager: allowPager)
            }
            return reply.status
        } catch {
            fail(error, settings: settings)
            return ErrorReport.status(of: error)
        }
    }

    func show(_ output: Output, settings: GlobalSettings? = nil, allowPager: Bool = true) {
        let settings = settings ?? self.settings
        let text = TerminalRenderer(options: terminal.renderOptions(settings)).render(output)
        terminal.show(text, settings: settings, allowPager: allowPager)
    }

    func fail(_ error: any Error, settings: GlobalSettings? = nil) {
        terminal.error(ErrorReport.message(of: error, in: mode), settings: settings ?? self.settings)
    }

    private func warn(_ message: String) {
        terminal.warning(message, settings: settings)
    }
}
