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
        /// Nothing: help can run without a curriculum.
        case none
        /// One skill: a one-shot `skill SLUG` reads only its file.
        case skill(String)
        /// The folder only: lint reads and reports every file itself.
        case folder
        case all
    }

    init(environment: TutorEnvironment, terminal: Terminal, settings: GlobalSettings, mode: Tutor.Mode, needs: ContentNeed) throws(TutorError) {
        self.environment = environment
        self.terminal = terminal
        self.settings = settings
        let catalog: Catalog
        do {
            let root = try ContentLocator(environment: environment).locate(explicit: settings.contentDirectory)
            switch needs {
            case .skill(let slug): catalog = Catalog.load(from: root, only: slug)
            case .folder: catalog = Catalog(root: root, skills: [], problems: [])
            case .none, .all: catalog = Catalog.load(from: root)
            }
        } catch {
            if case .none = needs {} else { throw error }
            catalog = Catalog(root: environment.workingDirectory, skills: [], problems: [])
        }
        tutor = Tutor(catalog: catalog, mode: mode)
        if !catalog.problems.isEmpty {
            let files = Set(catalog.problems.map(\.file)).sorted()
            for problem in catalog.problems.prefix(5) { terminal.warning(problem.description, settings: settings) }
            let more = catalog.problems.count > 5 ? " (and \(catalog.problems.count - 5) more problems)" : ""
            terminal.warning("skipped \(files.count) broken content file\(files.count == 1 ? "" : "s")\(more); run 'backend-tutor lint' for the full list", settings: settings)
        }
    }

    /// Executes one invocation and shows its result; returns the exit status.
    func run(_ invocation: Invocation, allowPager: Bool = true) -> Int32 {
        let settings = merged(invocation.settings)
        do {
            let output = try tutor.execute(invocation)
            if invocation.json, let json = output.json {
                Terminal.write(String(decoding: json, as: UTF8.self) + "\n", to: .output)
            } else {
                let text = TerminalRenderer(options: terminal.renderOptions(settings)).render(output)
                terminal.show(text, settings: settings, allowPager: allowPager)
            }
            return output.status
        } catch {
            terminal.error(error.message(in: tutor.mode), settings: settings)
            return error.exitCode
        }
    }

    /// A REPL line's own flags add to the ones the tutor was started with.
    private func merged(_ line: GlobalSettings) -> GlobalSettings {
        GlobalSettings(noColor: settings.noColor || line.noColor, noPager: settings.noPager || line.noPager, contentDirectory: settings.contentDirectory)
    }
}

extension Session.ContentNeed {
    /// What a one-shot command needs loaded.
    init(_ command: Command) {
        switch command {
        case .help, .quit: self = .none
        case .skill(let slug): self = .skill(slug)
        case .lint: self = .folder
        case .skills: self = .all
        }
    }
}
