import ArgumentParser
import Foundation

/// `verify SLUG` (also `projects verify SLUG`): runs a project's acceptance criteria against the
/// learner's server and says, criterion by criterion, what passes and what to fix.
public struct VerifyCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check your running server against a project's acceptance criteria.",
        discussion: """
        verify SLUG                      checks the server at http://127.0.0.1:8000
        verify SLUG --url URL            checks a server you started elsewhere (loopback only unless --allow-remote)
        verify SLUG --run "COMMAND"      starts your server itself with PORT set, and stops it afterwards
        verify SLUG --milestone N        the criteria up to milestone N
        verify SLUG --all                every criterion, even after a milestone fails
        verify SLUG --security           the criteria, then probes tied to the OWASP API Security Top 10 (2023)
        """
    )
    public static let usage = "verify SLUG [--url URL | --run CMD]"
    public static let completion: ArgumentCompletion? = .project

    @Argument(help: "The project, such as todo-api.")
    public var slug: String

    @OptionGroup public var connection: ServerOptions

    @Option(help: ArgumentHelp("Check the criteria up to milestone N.", valueName: "n"))
    public var milestone: Int?

    @Option(name: .customLong("upstream-port"), help: ArgumentHelp("The port of the service the verifier plays for projects that call one (default: 8001 with --url, a free one with --run).", valueName: "n"))
    public var upstreamPort: Int?

    @Flag(help: "Run every criterion, even after a milestone fails.")
    public var all = false

    @Flag(help: "Also run the security probes: malformed and oversized input, injection, methods, what errors reveal.")
    public var security = false

    @Flag(help: "Print the results as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        if let milestone, milestone < 1 { throw ValidationError("milestones are numbered from 1") }
        if let upstreamPort, !(1...65535).contains(upstreamPort) { throw ValidationError("--upstream-port must be from 1 to 65535") }
    }

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> VerifyReport {
        let project = try context.project(slug)
        if let milestone, milestone > project.milestones.count {
            throw CommandError.usage("\(project.slug) has milestones 1 to \(project.milestones.count)")
        }
        let (store, profile) = try context.learner()
        let command: String? = try connection.run ?? (connection.url == nil ? store.runCommand(project: project.slug, for: profile) : nil)
        let address = try connection.address(url: connection.url, command: command)
        var client = HTTPClient(host: address.host, port: address.port, timeout: connection.timeout)
        client.interrupted = { Interruption.happened }
        var stub: UpstreamStub?
        var environment = ProcessInfo.processInfo.environment.merging(project.env) { $1 }
        if let upstream = project.upstream {
            guard let port = upstreamPort ?? (command != nil ? ServerProcess.freePort() : 8001),
                  let started = UpstreamStub(routes: upstream.routes, port: port) else {
                throw VerifyError.unavailable("cannot listen on 127.0.0.1:\(upstreamPort ?? 8001) to play the upstream service; --upstream-port picks another")
            }
            stub = started
            environment[upstream.env] = started.address
        }
        defer { stub?.stop() }
        return try Interruption.during {
            if let command, connection.run != nil { try store.setRunCommand(command, project: project.slug, for: profile) }
            let server = try connection.launch(command, client: client, environment: environment, directory: context.workingDirectory)
            defer { server?.stop() }
            let verifier = Verifier(project: project, client: client)
            verifier.server = server
            verifier.upstream = stub
            verifier.interrupted = { Interruption.happened }
            let outcomes = verifier.verify(through: milestone, all: all)
            var probes: [CriterionOutcome] = []
            if security, !Interruption.happened {
                guard let collection = SecurityProbes.collection(of: project) else {
                    throw CommandError.usage("\(project.slug) has no POST criterion to take a collection path from, so there is nothing to probe")
                }
                probes = SecurityProbes(client: client, collection: collection, curl: verifier.curl).run { Interruption.happened }
            }
            if Interruption.happened { throw VerifyError.interrupted }
            // A milestone is verified when each of its criteria ran and passed.
            let proved = (1...project.milestones.count).filter { number in
                let mine = outcomes.filter { $0.milestone == number }
                return !mine.isEmpty && mine.allSatisfy { $0.result == .passed }
            }
            if !proved.isEmpty {
                try store.tick(proved, of: project.slug, milestones: project.milestones.count, verifiedAt: context.now, for: profile, now: context.now)
            }
            let output = server.map { $0.lastLines() } ?? []
            return VerifyReport(project: project, address: client.address, started: command,
                                upstream: stub.map { "\(project.upstream!.env)=\($0.address)" }, outcomes: outcomes, probes: probes, verified: proved,
                                serverOutput: (outcomes + probes).contains { $0.result == .failed } ? output : [])
        }
    }
}

/// Why a verify run could not check anything.
public enum VerifyError: Error, Equatable, Sendable {
    /// Nothing listens where it should, or the server did not start.
    case unavailable(String)
    case interrupted

    public var message: String {
        switch self {
        case .unavailable(let reason): reason
        case .interrupted: "stopped by Ctrl-C; the server the verifier started is stopped too"
        }
    }
}

/// A verify run: every criterion's outcome, the milestones it proved.
public struct VerifyReport: CommandResult {
    public var project: Project
    public var address: String
    /// The command that started the server, when the verifier started it.
    public var started: String?
    /// The played upstream service, as the variable the server reads: `WEATHER_URL=http://…`.
    public var upstream: String?
    public var outcomes: [CriterionOutcome]
    /// The security probes' outcomes (`--security`).
    public var probes: [CriterionOutcome] = []
    public var verified: [Int]
    /// The server's last lines, when something failed and the verifier ran it.
    public var serverOutput: [String]

    public var passed: Int { (outcomes + probes).filter { $0.result == .passed }.count }
    public var failed: Int { (outcomes + probes).filter { $0.result == .failed }.count }
    public var skipped: Int { (outcomes + probes).filter { $0.result == .skipped }.count }

    public var status: ExitStatus { failed > 0 ? .failure : .success }

    private enum CodingKeys: String, CodingKey { case project, passed, failed, skipped, verified, criteria, security }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(project.slug, forKey: .project)
        try container.encode(passed, forKey: .passed)
        try container.encode(failed, forKey: .failed)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(verified, forKey: .verified)
        try container.encode(outcomes, forKey: .criteria)
        if !probes.isEmpty { try container.encode(probes, forKey: .security) }
    }
}
