import ArgumentParser
import Foundation

/// Where the learner's server is, or how to start it: the options `verify` and `check` share.
public struct ServerOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp("The server to check (default: http://127.0.0.1:8000; loopback only unless --allow-remote).", valueName: "url"))
    public var url: String?

    @Option(help: ArgumentHelp("Start the server with this shell command (PORT is set), and stop it afterwards; remembered.", valueName: "command"))
    public var run: String?

    @Option(help: ArgumentHelp("With --run, the port to give the server (default: a free one).", valueName: "n"))
    public var port: Int?

    @Option(name: .customLong("startup-timeout"), help: ArgumentHelp("With --run, seconds to wait for the port to open.", valueName: "seconds"))
    public var startupTimeout: Double = 20

    @Option(help: ArgumentHelp("Seconds to wait for each response.", valueName: "seconds"))
    public var timeout: Double = 5

    @Flag(name: .customLong("allow-remote"), help: "Allow a --url that is not this machine (the checks send hostile input).")
    public var allowRemote = false

    public init() {}

    public static let defaultURL = "http://127.0.0.1:8000"

    public func validate() throws {
        if url != nil, run != nil { throw ValidationError("--url checks a server you started, --run starts one: give one of them") }
        if port != nil, run == nil, url == nil { throw ValidationError("--port goes with --run (--url names its own port)") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535") }
        if !(0.1...120).contains(timeout) { throw ValidationError("--timeout must be from 0.1 to 120 seconds") }
        if !(0.5...600).contains(startupTimeout) { throw ValidationError("--startup-timeout must be from 0.5 to 600 seconds") }
    }

    /// Where the checks go.
    struct Address {
        var host: String
        var port: Int
    }

    /// The address of `--url` (or a remembered one): http, a root, and loopback unless allowed.
    func address(_ text: String) throws(CommandError) -> Address {
        guard let components = URLComponents(string: text), components.scheme == "http", let host = components.host, !host.isEmpty else {
            throw .usage("--url takes an http:// address, such as http://127.0.0.1:8000 (the verifier does not speak TLS)")
        }
        if components.path.count > 1 { throw .usage("--url is the server's root, such as http://127.0.0.1:8000; the checks add the paths") }
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        if !loopback, !allowRemote {
            throw .usage("\(Sanitizer.clean(host)) is not this machine: the checks send hostile input, so only loopback is allowed unless you add --allow-remote")
        }
        return Address(host: host == "localhost" ? "127.0.0.1" : host, port: components.port ?? 80)
    }

    /// With a command, a free port (or `--port`) on loopback; else the URL's address.
    func address(url text: String?, command: String?) throws -> Address {
        if command != nil {
            guard let chosen = port ?? ServerProcess.freePort() else { throw VerifyError.unavailable("no free port on 127.0.0.1 to give the server") }
            return Address(host: "127.0.0.1", port: chosen)
        }
        return try address(text ?? Self.defaultURL)
    }

    /// Starts the server with `command` and waits for its port, or, without one, makes sure
    /// something accepts connections at the client's address. The process, to stop afterwards.
    func launch(_ command: String?, client: HTTPClient, environment: [String: String], directory: URL) throws -> ServerProcess? {
        guard let command else {
            if client.accepts() { return nil }
            throw VerifyError.unavailable("nothing accepts connections at \(client.address): start your server first (--url names another address), or let the tutor start it with --run \"COMMAND\"")
        }
        let process = ServerProcess(command: command, port: client.port, directory: directory, environment: environment, startupTimeout: startupTimeout, client: client)
        if let problem = process.start(interrupted: { Interruption.happened }) {
            process.stop()
            if Interruption.happened { throw VerifyError.interrupted }
            guard process.started else { throw VerifyError.unavailable("the server did not start: \(problem)") }
            let lines = process.lastLines()
            throw VerifyError.unavailable("the server did not start: \(problem)\n" + (lines.isEmpty ? "It wrote nothing." : "Its last lines:\n" + lines.map { "  " + $0 }.joined(separator: "\n")))
        }
        return process
    }
}
