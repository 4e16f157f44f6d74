import Foundation
import TutorKit

/// One run of the tutor: the loaded curriculum and how results reach the screen.
struct Session {
    let environment: TutorEnvironment
    let terminal: Terminal
    let settings: GlobalSettings
    let tutor: Tutor

    /// What a run needs of the curriculum.
    enum ContentNeed {
        /// Nothing: help runs without a curriculum, and reads none.
        case none
        /// One skill: a one-shot `skill SLUG` reads only its file.
        case skill(String)
        /// The folder only: lint reads and reports every file itself.
        case folder
        /// The search index: the catalog only when the index must be rebuilt.
        case index
        case all
    }

    /// Whether a run needs the progress database.
    enum ProgressNeed {
        case none
        /// Only the learner's stack, read without opening the store.
        case optional
        /// Open it when possible (to show the learner's statuses); carry on without it when not.
        case preferred
        case required
    }

    init(environment: TutorEnvironment, terminal: Terminal, settings: GlobalSettings, mode: Tutor.Mode, needs: ContentNeed, progress: ProgressNeed) throws(TutorError) {
        self.environment = environment
        self.terminal = terminal
        self.settings = settings
        let catalog: Catalog
        var cache: ContentCache?
        do {
            let root = try ContentLocator(environment: environment).locate(explicit: settings.contentDirectory)
            switch needs {
            case .skill(let slug): catalog = Catalog.load(from: root, only: slug)
            case .folder, .none: catalog = Catalog(root: root, skills: [], problems: [])
            case .all, .index:
                // The cache spares parsing every file at start-up; it is rebuilt when content changes.
                let (opened, notice) = ContentCache.open(directory: environment.cacheDirectory, root: root)
                if let notice { terminal.warning(notice, settings: settings) }
                cache = opened
                if case .index = needs, opened.indexIsFresh(root: root) {
                    catalog = Catalog(root: root, skills: [], problems: [])
                } else {
                    catalog = opened.catalog(root: root).catalog
                }
            }
        } catch {
            if case .none = needs {} else { throw error }
            catalog = Catalog(root: environment.workingDirectory, skills: [], problems: [])
        }
        var store: ProgressStore?
        var stack: Stack?
        let url = settings.database.map { URL(fileURLWithPath: $0, relativeTo: environment.workingDirectory).standardizedFileURL }
            ?? environment.dataDirectory.appendingPathComponent("progress.sqlite")
        if progress == .optional {
            stack = ProgressStore.peekStack(at: url, profile: settings.profile ?? TutorContext.defaultProfile)
        } else if progress == .required || progress == .preferred {
            do {
                let (opened, notices) = try ProgressStore.open(at: url)
                store = opened
                for notice in notices {
                    if case .movedCorruptFile(let movedTo) = notice {
                        terminal.warning("\(url.path) was not a usable progress database: it is kept as \(movedTo), and a fresh one was started", settings: settings)
                    }
                }
            } catch {
                if progress == .required { throw error }
            }
        }
        tutor = Tutor(catalog: catalog, mode: mode, context: TutorContext(progress: store, profileName: settings.profile, cache: cache, preferredStack: stack))
        if !catalog.problems.isEmpty {
            let files = Set(catalog.problems.map(\.file)).sorted()
            for problem in catalog.problems.prefix(5) { terminal.warning(problem.description, settings: settings) }
            let more = catalog.problems.count > 5 ? " (and \(catalog.problems.count - 5) more problems)" : ""
            terminal.warning("skipped \(files.count) broken content file\(files.count == 1 ? "" : "s")\(more); run 'backend-tutor lint' for the full list", settings: settings)
        }
    }

    /// Executes one invocation and shows its result; returns the exit status and any question
    /// the REPL should ask next.
    @discardableResult
    func run(_ invocation: Invocation, allowPager: Bool = true) -> (status: Int32, question: Question?) {
        let settings = merged(invocation.settings)
        do {
            let output = try tutor.execute(invocation)
            if invocation.json, let json = output.json {
                Terminal.write(String(decoding: json, as: UTF8.self) + "\n", to: .output)
            } else {
                show(output, settings: settings, allowPager: allowPager)
            }
            return (output.status, output.question)
        } catch {
            terminal.error(error.message(in: tutor.mode), settings: settings)
            return (error.exitCode, nil)
        }
    }

    /// Runs an invocation and then asks each question its output carries until none is left;
    /// `ask` returns nil when input ends. Returns the exit status.
    func runAsking(_ invocation: Invocation, allowPager: Bool, ask: (Question) -> String?) -> Int32 {
        var (status, question) = run(invocation, allowPager: allowPager)
        while let asked = question {
            let hint = asked.defaultAnswer.map { " (Enter for \($0))" } ?? ""
            let choices = asked.choices.isEmpty ? "" : " [\(asked.choices.joined(separator: ", "))]"
            show(Output([.notice(.info, "\(asked.prompt)\(choices)\(hint)")]), allowPager: false)
            let started = Date()
            guard let line = ask(asked) else {
                if case .quiz = asked.kind {
                    question = nil
                    if let output = try? tutor.respond(to: asked, with: "/quit") { show(output, allowPager: false) }
                } else {
                    show(Output([.notice(.warning, "No answer: nothing was changed.")]), allowPager: false)
                }
                return status
            }
            let elapsed = Date().timeIntervalSince(started)
            do {
                guard let output = try tutor.respond(to: asked, with: line, elapsed: elapsed) else {
                    show(Output([.notice(.info, "Cancelled: nothing was changed.")]), allowPager: false)
                    return status
                }
                show(output, allowPager: allowPager)
                (status, question) = (output.status, output.question)
            } catch {
                terminal.error(error.message(in: tutor.mode), settings: settings)
                question = asked
            }
        }
        return status
    }

    func show(_ output: Output, settings: GlobalSettings? = nil, allowPager: Bool = true) {
        let settings = settings ?? self.settings
        let text = TerminalRenderer(options: terminal.renderOptions(settings)).render(output)
        terminal.show(text, settings: settings, allowPager: allowPager)
    }

    /// A REPL line's own flags add to the ones the tutor was started with.
    private func merged(_ line: GlobalSettings) -> GlobalSettings {
        GlobalSettings(noColor: settings.noColor || line.noColor, noPager: settings.noPager || line.noPager, contentDirectory: settings.contentDirectory,
                       database: settings.database, profile: settings.profile)
    }
}

extension Session.ContentNeed {
    /// What a one-shot command needs loaded.
    init(_ command: Command) {
        switch command {
        case .help, .quit, .benchCorpus: self = .none
        case .skill(let slug): self = .skill(slug)
        case .lint, .export, .importProgress: self = .folder
        case .skills, .learn, .next, .back, .done, .skip, .goto, .reset, .progress, .stack, .projects, .compare, .practices, .quiz, .review, .open: self = .all
        case .search: self = .index
        }
    }
}

extension Session.ProgressNeed {
    init(_ command: Command) {
        switch command {
        case .help, .quit, .lint, .skills, .compare, .search, .benchCorpus: self = .none
        case .skill, .practices: self = .optional
        case .projects(let action):
            switch action {
            case .list, .show: self = .preferred
            case .start, .check: self = .required
            }
        case .learn, .next, .back, .done, .skip, .goto, .reset, .progress, .stack, .export, .importProgress, .quiz, .review, .open: self = .required
        }
    }
}
