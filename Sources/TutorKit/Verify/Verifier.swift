import Foundation

/// What happened to one criterion in a verify run.
public struct CriterionOutcome: Sendable, Encodable {
    public enum Result: String, Sendable, Encodable { case passed, failed, skipped }

    /// Its place among the project's criteria, from 1.
    public var number: Int
    public var milestone: Int
    /// `POST /todos` as sent, placeholders filled in.
    public var request: String
    public var result: Result
    public var expected: String?
    public var got: String?
    public var reason: String?
    /// `rest-api-design 5`: what to reread.
    public var lesson: String?
    /// A `curl -i` line that sends the same request.
    public var curl: String?
    public var note: String?
    /// The status codes the criterion accepts, shown beside a passed request.
    public var statuses: [Int] = []

    private enum CodingKeys: String, CodingKey { case milestone, request, result, ok, expected, got, reason, lesson, curl }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(milestone, forKey: .milestone)
        try container.encode(request, forKey: .request)
        try container.encode(result, forKey: .result)
        try container.encode(result == .passed, forKey: .ok)
        try container.encode(expected, forKey: .expected)
        try container.encode(got, forKey: .got)
        try container.encode(reason, forKey: .reason)
        try container.encode(lesson, forKey: .lesson)
        try container.encode(curl, forKey: .curl)
    }
}

/// Restarts the learner's server between criteria (`restart: true`), when the verifier runs it.
public protocol ServerControl: AnyObject {
    /// Stops and starts the server and waits until it accepts connections; the reason when it
    /// does not.
    func restart() -> String?
}

/// Runs a project's criteria against a server, in order, keeping what each response gives
/// later ones (captures, fields such as `id`).
public final class Verifier {
    public let project: Project
    public let client: HTTPClient
    /// `{run}`: unique to this verify run.
    public let run: String
    public weak var server: ServerControl?
    /// The service the project's server calls, played by the verifier.
    public var upstream: UpstreamStub?
    /// Checked between requests and inside every wait: Ctrl-C stops the run.
    public var interrupted: @Sendable () -> Bool = { false }

    private var captured: [String: String] = [:]
    /// Whether a criterion has failed: later ones that need what it would have given are skipped.
    private var anyFailed = false
    /// Top-level fields of the latest JSON objects received, newest winning.
    private var fields: [String: String] = [:]

    public init(project: Project, client: HTTPClient, run: String = Verifier.runToken()) {
        self.project = project
        self.client = client
        self.run = run
    }

    public static func runToken() -> String {
        String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
    }

    /// Which criteria to run: up to milestone `through` (nil: every milestone), stopping after
    /// the first milestone with a failure unless `all`.
    public func verify(through: Int? = nil, all: Bool = false) -> [CriterionOutcome] {
        var outcomes: [CriterionOutcome] = []
        var failedMilestone: Int?
        for (index, criterion) in project.criteria.enumerated() {
            let milestone = criterion.milestone ?? 0
            if let through, milestone > through { continue }
            if interrupted() {
                outcomes.append(skipped(criterion, index, reason: "stopped by Ctrl-C"))
                continue
            }
            if !all, let failed = failedMilestone, milestone > failed {
                outcomes.append(skipped(criterion, index, reason: "milestone \(failed) failed first; --all runs every criterion"))
                continue
            }
            let outcome = check(criterion, number: index + 1)
            if outcome.result == .failed {
                anyFailed = true
                if failedMilestone == nil { failedMilestone = milestone }
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func skipped(_ criterion: AcceptanceCriterion, _ index: Int, reason: String) -> CriterionOutcome {
        CriterionOutcome(number: index + 1, milestone: criterion.milestone ?? 0, request: criterion.request, result: .skipped, reason: reason,
                         lesson: criterion.lesson?.text, note: criterion.note)
    }

    // MARK: - One criterion

    func check(_ criterion: AcceptanceCriterion, number: Int) -> CriterionOutcome {
        var outcome = CriterionOutcome(number: number, milestone: criterion.milestone ?? 0, request: criterion.request, result: .failed,
                                       lesson: criterion.lesson?.text, note: criterion.note, statuses: criterion.status)
        if criterion.restart {
            guard let server else {
                outcome.result = .skipped
                outcome.reason = "needs a restart of your server, which the verifier can do only when it starts it: use --run \"COMMAND\""
                return outcome
            }
            if let problem = server.restart() {
                outcome.reason = "the server did not come back after a restart: \(problem)"
                return outcome
            }
        }
        let request: HTTPRequest
        switch build(criterion) {
        case .success(let built): request = built
        case .failure(let missing):
            if anyFailed {
                outcome.result = .skipped
                outcome.reason = "needs {\(missing)}, which a criterion that failed would have given"
            } else {
                outcome.reason = "needs {\(missing)}, which no earlier response gave: a field or header an earlier criterion expects your server to return"
            }
            return outcome
        }
        outcome.request = "\(request.method) \(request.target)"
        outcome.curl = curl(request)
        if criterion.upstream != nil || criterion.upstreamCalls != nil, upstream == nil {
            outcome.reason = "the project plays no upstream service, so this criterion cannot run"
            return outcome
        }
        upstream?.begin(criterion.upstream)
        defer { upstream?.begin(nil) }
        if !criterion.webSocket.isEmpty {
            return converse(criterion, request, outcome)
        }
        if let concurrent = criterion.concurrent {
            return countCalls(criterion, checkConcurrently(criterion, request, concurrent, outcome))
        }
        let attempts = criterion.until?.times ?? 1
        var verdict = Verdict(ok: false, expected: nil, got: nil, reason: nil, captures: [:], fields: [:])
        for attempt in 1...attempts {
            if attempt > 1 {
                Thread.sleep(forTimeInterval: Double(criterion.until?.delayMilliseconds ?? 0) / 1000)
                if interrupted() { break }
            }
            switch client.send(request) {
            case .failure(let failure):
                verdict = Verdict(ok: false, expected: nil, got: nil, reason: failure.reason, captures: [:], fields: [:])
            case .success(let response):
                verdict = judge(criterion, response)
            }
            if verdict.ok { break }
        }
        captured.merge(verdict.captures) { $1 }
        fields.merge(verdict.fields) { $1 }
        outcome.result = verdict.ok ? .passed : .failed
        outcome.expected = verdict.expected
        outcome.got = verdict.got
        outcome.reason = verdict.reason.map { attempts > 1 && !verdict.ok ? "\($0) (after \(attempts) tries)" : $0 }
        return countCalls(criterion, outcome)
    }

    /// `upstream_calls`: how often the server called the played service during the criterion
    /// (a cache answers without calling it).
    private func countCalls(_ criterion: AcceptanceCriterion, _ outcome: CriterionOutcome) -> CriterionOutcome {
        guard let expected = criterion.upstreamCalls, let upstream, outcome.result == .passed else { return outcome }
        let calls = upstream.callCount
        guard calls != expected else { return outcome }
        var failed = outcome
        failed.result = .failed
        failed.expected = "\(expected) call\(expected == 1 ? "" : "s") to the upstream service"
        failed.got = "\(calls) call\(calls == 1 ? "" : "s")"
        failed.reason = expected == 0 ? "the answer should have come from your cache, without calling the upstream" : "wrong number of upstream calls"
        return failed
    }

    private func checkConcurrently(_ criterion: AcceptanceCriterion, _ request: HTTPRequest, _ concurrent: AcceptanceCriterion.Concurrency,
                                   _ base: CriterionOutcome) -> CriterionOutcome {
        var outcome = base
        if let window = concurrent.windowSeconds {
            let wait = Self.waitBeforeBurst(now: Date(), window: window)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        let collected = Collected()
        let gate = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let client = self.client
        for _ in 0..<concurrent.count {
            group.enter()
            let thread = Thread {
                gate.wait()
                let result = client.send(request)
                collected.append(result)
                group.leave()
            }
            thread.start()
        }
        // All threads wait at the gate; opening it at once sends the requests together.
        for _ in 0..<concurrent.count { gate.signal() }
        group.wait()
        let results = collected.results
        var passed: [Verdict] = []
        var statuses: [String] = []
        var unexpected: [String] = []
        for result in results {
            switch result {
            case .failure(let failure):
                statuses.append("no response")
                unexpected.append(failure.reason)
            case .success(let response):
                statuses.append(String(response.status))
                let verdict = judge(criterion, response)
                if verdict.ok {
                    passed.append(verdict)
                } else if !concurrent.others.contains(response.status) {
                    unexpected.append("\(response.status)")
                }
            }
        }
        let counts = Dictionary(statuses.map { ($0, 1) }, uniquingKeysWith: +).sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }
        outcome.request = "\(concurrent.count) × \(base.request) at once"
        outcome.expected = "exactly \(concurrent.succeed) × \(criterion.status.map(String.init).joined(separator: "/"))"
            + (concurrent.others.isEmpty ? "" : ", the others \(concurrent.others.map(String.init).joined(separator: "/"))")
        outcome.got = counts.joined(separator: ", ")
        var differing: String?
        if let pointer = concurrent.same {
            let values = Set(results.compactMap { result -> String? in
                guard case .success(let response) = result, judge(criterion, response).ok else { return nil }
                return JSONValue.parse(response.body)?.at(pointer: pointer)?.text ?? "nothing"
            })
            if values.count > 1 { differing = "the passing responses differ at \(pointer): \(values.sorted().prefix(3).joined(separator: ", "))" }
        }
        if let differing {
            outcome.reason = differing + ": each request made a new one"
        } else if passed.count == concurrent.succeed, concurrent.others.isEmpty || unexpected.isEmpty {
            outcome.result = .passed
            if let first = passed.first {
                captured.merge(first.captures) { $1 }
                fields.merge(first.fields) { $1 }
            }
        } else {
            outcome.reason = passed.count != concurrent.succeed
                ? "\(passed.count) of the \(concurrent.count) requests succeeded, not \(concurrent.succeed): the server lets concurrent requests race"
                : "some responses were neither a success nor one of the expected refusals"
        }
        return outcome
    }

    /// How long to wait so that a burst starts at least a twelfth of a window (5 seconds of a
    /// minute) before a window of the clock ends: 0 when it already does.
    static func waitBeforeBurst(now: Date, window: Int) -> TimeInterval {
        let length = Double(window)
        let left = length - now.timeIntervalSince1970.truncatingRemainder(dividingBy: length)
        return left < length / 12 ? left + 0.25 : 0
    }

    /// A WebSocket criterion: the upgrade, then each step in order on its connection.
    private func converse(_ criterion: AcceptanceCriterion, _ request: HTTPRequest, _ base: CriterionOutcome) -> CriterionOutcome {
        var outcome = base
        let headers = request.headers.filter { $0.name.lowercased() != "accept" }
        func open() throws -> WebSocketClient {
            try WebSocketClient(client: client, target: request.target, headers: headers, deadline: Date().addingTimeInterval(client.timeout))
        }
        var sockets: [String: WebSocketClient] = [:]
        do {
            sockets["main"] = try open()
        } catch let failure as WebSocketClient.Failure {
            outcome.expected = "101 Switching Protocols"
            outcome.reason = failure.reason
            return outcome
        } catch {
            outcome.reason = "\(error)"
            return outcome
        }
        for (index, step) in criterion.webSocket.enumerated() {
            let place = "step \(index + 1)"
            do {
                switch step {
                case .connect(let name):
                    sockets[name] = try open()
                case .send(let text, let on):
                    let (filled, missing) = fill(text)
                    if let missing { throw WebSocketClient.Failure.protocolError("needs {\(missing)}") }
                    try sockets[on]?.send(filled)
                case .receive(let within, let checks, let contains, let on):
                    guard let socket = sockets[on] else { continue }
                    let message = try socket.receive(until: Date().addingTimeInterval(Double(within) / 1000))
                    if let contains {
                        let wanted = fill(contains).0
                        if !message.contains(wanted) {
                            outcome.expected = "a message on \(on) containing \(wanted)"
                            outcome.got = HTTPClient.preview(Data(message.utf8))
                            outcome.reason = "\(place): the message lacks \(wanted)"
                            return outcome
                        }
                    }
                    if !checks.isEmpty {
                        guard let json = JSONValue.parse(Data(message.utf8)) else {
                            outcome.expected = "a JSON message on \(on)"
                            outcome.got = HTTPClient.preview(Data(message.utf8))
                            outcome.reason = "\(place): the message is not JSON"
                            return outcome
                        }
                        for check in checks {
                            if let problem = Self.evaluate(check, in: json, lookup: value) {
                                outcome.expected = problem.expected
                                outcome.got = problem.got
                                outcome.reason = "\(place): \(problem.reason)"
                                return outcome
                            }
                        }
                    }
                }
            } catch let failure as WebSocketClient.Failure {
                outcome.reason = "\(place): " + (failure == .timedOut ? "no message on the connection in time" : failure.reason)
                return outcome
            } catch {
                outcome.reason = "\(place): \(error)"
                return outcome
            }
        }
        outcome.result = .passed
        return outcome
    }

    /// The responses of concurrent requests, appended from their threads.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<HTTPResponse, HTTPFailure>] = []
        func append(_ value: Result<HTTPResponse, HTTPFailure>) { lock.withLock { values.append(value) } }
        var results: [Result<HTTPResponse, HTTPFailure>] { lock.withLock { values } }
    }

    // MARK: - The request

    enum Built { case success(HTTPRequest), failure(String) }

    private func value(_ name: String) -> String? {
        if name == "run" { return run }
        return captured[name] ?? fields[name]
    }

    private func fill(_ text: String) -> (String, String?) {
        let (filled, missing) = Placeholders.substitute(text, value)
        return (filled, missing.first)
    }

    func build(_ criterion: AcceptanceCriterion) -> Built {
        let (target, missingTarget) = fill(criterion.target)
        if let missingTarget { return .failure(missingTarget) }
        var headers: [(name: String, value: String)] = []
        for (name, raw) in criterion.requestHeaders.sorted(by: { $0.key < $1.key }) {
            let (value, missing) = fill(raw)
            if let missing { return .failure(missing) }
            headers.append((name, value))
        }
        var body = Data()
        if let text = criterion.body ?? criterion.rawBody {
            let (filled, missing) = fill(text)
            if let missing { return .failure(missing) }
            body = Data(filled.utf8)
            if criterion.body != nil, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                headers.insert(("Content-Type", "application/json"), at: 0)
            }
        }
        if let size = criterion.bodySize {
            body = Self.padded(size)
            if !headers.contains(where: { $0.name.lowercased() == "content-type" }) { headers.insert(("Content-Type", "application/json"), at: 0) }
        }
        if !headers.contains(where: { $0.name.lowercased() == "accept" }) { headers.insert(("Accept", "*/*"), at: 0) }
        return .success(HTTPRequest(method: criterion.method, target: target, headers: headers, body: body))
    }

    /// `{"padding": "aaa…"}`, exactly `size` bytes: a made-up JSON body for input limits.
    static func padded(_ size: Int) -> Data {
        Data(#"{"padding": ""#.utf8) + Data(repeating: 0x61, count: max(size - paddingFrame, 0)) + Data(#""}"#.utf8)
    }

    /// The bytes of `{"padding": ""}`.
    static let paddingFrame = #"{"padding": ""}"#.utf8.count

    /// `curl -i -X POST 'http://127.0.0.1:8000/todos' -H '…' --data-raw '…'`; a made-up body too
    /// long to print is made first by a one-line command and sent from a file.
    public func curl(_ request: HTTPRequest) -> String {
        func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var parts = ["curl -i"]
        if request.method == "HEAD" { parts.append("--head") } else if request.method != "GET" || !request.body.isEmpty { parts.append("-X \(request.method)") }
        parts.append(quote("http://\(client.address)\(request.target)"))
        for header in request.headers where header.name.lowercased() != "accept" || header.value != "*/*" {
            parts.append("-H " + quote("\(header.name): \(header.value)"))
        }
        if request.body.count > 4096, request.body == Self.padded(request.body.count) {
            let padding = max(request.body.count - Self.paddingFrame, 0)
            return "python3 -c 'import sys; sys.stdout.write(\"{\\\"padding\\\": \\\"\" + \"a\" * \(padding) + \"\\\"}\")' > body.json; "
                + parts.joined(separator: " ") + " --data-binary @body.json"
        }
        if !request.body.isEmpty { parts.append("--data-raw " + quote(String(decoding: request.body, as: UTF8.self))) }
        return parts.joined(separator: " ")
    }

    // MARK: - The response

    struct Verdict {
        var ok: Bool
        var expected: String?
        var got: String?
        var reason: String?
        var captures: [String: String]
        var fields: [String: String]
    }

    func judge(_ criterion: AcceptanceCriterion, _ response: HTTPResponse) -> Verdict {
        var verdict = Verdict(ok: false, expected: nil, got: nil, reason: nil, captures: [:], fields: [:])
        let json = JSONValue.parse(response.body)
        if case .object(let members)? = json {
            for (name, member) in members {
                switch member {
                case .string, .number, .bool: verdict.fields[name] = member.placeholderText
                default: break
                }
            }
        }
        func fail(_ expected: String, _ got: String, _ reason: String) -> Verdict {
            verdict.expected = expected
            verdict.got = got
            verdict.reason = reason
            return verdict
        }
        if !criterion.status.contains(response.status) {
            let expected = criterion.status.map(String.init).joined(separator: " or ")
            var got = "\(response.status) \(response.reason)".trimmedWhitespace
            if let detail = Self.problemSummary(json) { got += " — \(detail)" }
            return fail("status \(expected)", got, "wrong status")
        }
        // The response's own fields come first for placeholders in expected headers: the
        // Location of a new todo must name that todo.
        let responseFields = verdict.fields
        let lookup: (String) -> String? = { name in name == "run" ? self.run : responseFields[name] ?? self.value(name) }
        for (name, expected) in criterion.headers.sorted(by: { $0.key < $1.key }) {
            guard let actual = response.header(name) else {
                return fail("\(name): \(expected)", "no \(name) header", "missing header \(name)")
            }
            if let problem = Self.compareHeader(name: name, expected: expected, response: response, lookup: lookup, captures: &verdict.captures) {
                return fail("\(name): \(expected)", "\(name): \(Sanitizer.clean(actual))", problem)
            }
        }
        for name in criterion.absentHeaders {
            if let actual = response.header(name) {
                return fail("no \(name) header", "\(name): \(Sanitizer.clean(actual))", "\(name) must not be sent")
            }
        }
        let needsBody = !criterion.shape.isEmpty || !criterion.json.isEmpty || !criterion.absent.isEmpty
            || criterion.captures.contains { if case .pointer = $0.source { return true }; return false }
        if needsBody, json == nil {
            let preview = response.body.isEmpty ? "an empty body" : "a body that is not JSON: \(HTTPClient.preview(response.body))"
            return fail("a JSON body", preview, "the body is not JSON")
        }
        if let json {
            for field in criterion.shape {
                let (name, type) = (field[0], field[1])
                guard case .object(let members) = json else { return fail("a JSON object", json.typeName, "the body is not a JSON object") }
                guard let member = members[name] else { return fail("\(name): \(type)", "no field \(name)", "missing field \(name)") }
                if !member.hasType(type) { return fail("\(name): \(type)", "\(name): \(member.typeName) \(Self.short(member))", "field \(name) has the wrong type") }
            }
            for check in criterion.json {
                if let problem = Self.evaluate(check, in: json, lookup: lookup) {
                    return fail(problem.expected, problem.got, problem.reason)
                }
            }
            for pointer in criterion.absent {
                if let value = json.at(pointer: pointer) {
                    return fail("no \(pointer)", "\(pointer) = \(Self.short(value))", "\(pointer) must not be in the response")
                }
            }
        }
        for capture in criterion.captures {
            switch capture.source {
            case .pointer(let pointer):
                guard let value = json?.at(pointer: pointer) else { return fail("a value at \(pointer) to keep as {\(capture.name)}", "nothing there", "missing \(pointer)") }
                verdict.captures[capture.name] = value.placeholderText
            case .header(let name):
                guard let value = response.header(name) else { return fail("a \(name) header to keep as {\(capture.name)}", "no \(name) header", "missing header \(name)") }
                verdict.captures[capture.name] = value
            }
        }
        verdict.ok = true
        return verdict
    }

    /// A problem details body's title and detail, to show with a wrong status.
    static func problemSummary(_ json: JSONValue?) -> String? {
        guard case .object(let members)? = json else { return nil }
        let parts = [members["title"], members["detail"]].compactMap { value -> String? in
            if case .string(let s)? = value { return Sanitizer.clean(s) }
            return nil
        }
        return parts.isEmpty ? nil : String(parts.joined(separator: ": ").prefix(200))
    }

    static func short(_ value: JSONValue) -> String {
        let text = Sanitizer.clean(value.text)
        return text.count > 120 ? String(text.prefix(117)) + "…" : text
    }

    /// Headers compared as docs/CONTENT.md says. nil when it matches.
    static let listHeaders: Set<String> = ["allow", "vary", "cache-control", "access-control-allow-methods", "access-control-allow-headers",
                                           "access-control-expose-headers", "accept-patch", "accept-post"]

    static func compareHeader(name: String, expected: String, response: HTTPResponse, lookup: (String) -> String?,
                              captures: inout [String: String]) -> String? {
        let lower = name.lowercased()
        let actual = response.header(name) ?? ""
        if lower == "content-type" {
            let strip = { (text: String) in text.split(separator: ";").first.map { String($0).trimmedWhitespace.lowercased() } ?? "" }
            return strip(actual) == strip(expected) ? nil : "wrong Content-Type"
        }
        if listHeaders.contains(lower) {
            let have = Set(response.values(name).map { $0.lowercased() })
            let missing = expected.split(separator: ",").map { String($0).trimmedWhitespace.lowercased() }.filter { !have.contains($0) }
            return missing.isEmpty ? nil : "\(name) lacks \(missing.joined(separator: ", "))"
        }
        if !Placeholders.names(in: expected).isEmpty {
            // Location may be absolute (RFC 9110 §10.2.2): compare its path.
            var value = actual
            if lower == "location" || lower == "content-location", let scheme = value.range(of: "://") {
                let rest = value[scheme.upperBound...]
                value = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
            }
            let pathLike = lower == "location" || lower == "content-location" || lower == "link"
            return match(template: expected, value: value, segment: pathLike, lookup: lookup, captures: &captures) ? nil : "\(name) does not match \(expected)"
        }
        return actual.lowercased().hasPrefix(expected.lowercased()) ? nil : "wrong \(name)"
    }

    /// Matches `value` against `template`, where `{name}` with a known value must equal it and
    /// an unknown one matches any text (one path segment in a URI, when `segment`) and is captured.
    static func match(template: String, value: String, segment: Bool, lookup: (String) -> String?, captures: inout [String: String]) -> Bool {
        var pattern = "^"
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
              Placeholders.isName(rest[rest.index(after: open)..<close]) {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            let name = String(rest[rest.index(after: open)..<close])
            if let known = lookup(name) {
                pattern += NSRegularExpression.escapedPattern(for: known)
            } else {
                pattern += segment ? "([^/?#]+)" : "(.+?)"
                names.append(name)
            }
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let found = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) else { return false }
        for (index, name) in names.enumerated() {
            if let range = Range(found.range(at: index + 1), in: value) { captures[name] = String(value[range]) }
        }
        return true
    }

    struct Problem {
        var expected: String
        var got: String
        var reason: String
    }

    static func evaluate(_ check: AcceptanceCriterion.JSONCheck, in json: JSONValue, lookup: (String) -> String?) -> Problem? {
        // `/items/*/done`: the check holds for every element, and there is at least one.
        if check.pointer.contains("/*") {
            let values = json.all(at: check.pointer)
            guard !values.isEmpty else {
                return Problem(expected: "\(check.pointer) \(check.op.rawValue.replacingOccurrences(of: "_", with: " ")) \(short(check.value))",
                               got: "no element at \(check.pointer)", reason: "nothing at \(check.pointer)")
            }
            for (index, value) in values.enumerated() {
                var single = check
                single.pointer = ""
                if var problem = evaluate(single, in: value, lookup: lookup) {
                    let place = check.pointer.replacingOccurrences(of: "*", with: "\(index)")
                    problem.got = problem.got.replacingOccurrences(of: "the body", with: place)
                    problem.expected = problem.expected.replacingOccurrences(of: "the body", with: check.pointer)
                    problem.reason = "element \(index) of \(check.pointer): " + problem.reason.replacingOccurrences(of: "the body", with: "the value")
                    return problem
                }
            }
            return nil
        }
        let place = check.pointer.isEmpty ? "the body" : check.pointer
        var expectedValue = check.value
        if case .string(let text) = expectedValue {
            let filled = Placeholders.substitute(text, lookup).text
            // `'{post}'` alone stands for the value captured, whatever its JSON type.
            let whole = Placeholders.names(in: text).count == 1 && text.hasPrefix("{") && text.hasSuffix("}")
            expectedValue = whole ? (JSONValue.parse(Data(filled.utf8)).flatMap { if case .string = $0 { return nil }; return $0 } ?? .string(filled)) : .string(filled)
        }
        let wanted = "\(place) \(check.op.rawValue.replacingOccurrences(of: "_", with: " ")) \(short(expectedValue))"
        guard let actual = json.at(pointer: check.pointer) else { return Problem(expected: wanted, got: "nothing at \(place)", reason: "missing \(place)") }
        let got = "\(place) = \(short(actual))"
        func number(_ value: JSONValue) -> Double? { if case .number(let n) = value { return n }; return nil }
        let ok: Bool
        switch check.op {
        case .equals: ok = actual == expectedValue
        case .notEquals: ok = actual != expectedValue
        case .contains:
            switch (actual, expectedValue) {
            case (.string(let haystack), .string(let needle)): ok = haystack.contains(needle)
            case (.array(let elements), let element): ok = elements.contains(element)
            default: ok = false
            }
        case .matches:
            if case .string(let text) = actual, case .string(let pattern) = expectedValue, let regex = try? NSRegularExpression(pattern: pattern) {
                ok = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            } else {
                ok = false
            }
        case .greaterThan: ok = (number(actual) ?? -.infinity) > (number(expectedValue) ?? .infinity)
        case .lessThan: ok = (number(actual) ?? .infinity) < (number(expectedValue) ?? -.infinity)
        case .length:
            let count: Int? = switch actual {
            case .string(let s): s.count
            case .array(let a): a.count
            case .object(let o): o.count
            default: nil
            }
            ok = count.map { Double($0) } == number(expectedValue)
            if let count, !ok { return Problem(expected: wanted, got: "\(place) has length \(count)", reason: "wrong length at \(place)") }
        case .type:
            if case .string(let name) = expectedValue { ok = actual.hasType(name) } else { ok = false }
            if !ok { return Problem(expected: wanted, got: "\(place) is \(actual.typeName)", reason: "wrong type at \(place)") }
        }
        return ok ? nil : Problem(expected: wanted, got: got, reason: "wrong value at \(place)")
    }
}
