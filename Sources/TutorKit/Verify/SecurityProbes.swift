import Foundation

/// `verify --security`: generic probes any JSON API must survive, each tied to an OWASP API
/// Security Top 10 (2023) category and a lesson. They need only a collection path, taken from
/// the project's first POST criterion.
struct SecurityProbes {
    let client: HTTPClient
    let collection: String
    let curl: (HTTPRequest) -> String

    /// The path the first POST criterion creates things at, without its query.
    static func collection(of project: Project) -> String? {
        let post = project.criteria.first { $0.method == "POST" && Placeholders.names(in: $0.target).isEmpty }
        return post.map { String($0.target.prefix { $0 != "?" }) }
    }

    private struct Probe {
        var name: String
        var category: String
        var lesson: String
        var request: HTTPRequest
        /// nil when the response is right; else what was expected and why.
        var judge: (Result<HTTPResponse, HTTPFailure>) -> (expected: String, reason: String)?
    }

    static let misconfiguration = "OWASP API8:2023 Security Misconfiguration"
    static let consumption = "OWASP API4:2023 Unrestricted Resource Consumption"

    func run(interrupted: () -> Bool) -> [CriterionOutcome] {
        var responses: [HTTPResponse] = []
        var outcomes: [CriterionOutcome] = []
        let json = [(name: "Content-Type", value: "application/json")]
        let notServerError: (String) -> (Result<HTTPResponse, HTTPFailure>) -> (expected: String, reason: String)? = { what in
            { result in
                guard case .success(let response) = result else { return ("a 4xx answer", "no answer: \(Self.failure(result))") }
                return (400..<500).contains(response.status) ? nil : ("a 4xx answer", "\(what) got \(response.status): a server must refuse bad input, not fail on it")
            }
        }
        var probes: [Probe] = [
            Probe(name: "malformed JSON", category: Self.misconfiguration, lesson: "rest-api-design 5",
                  request: HTTPRequest(method: "POST", target: collection, headers: json, body: Data(#"{"title": "#.utf8)),
                  judge: notServerError("JSON that does not parse")),
            Probe(name: "SQL injection in the path", category: Self.misconfiguration + " (injection)", lesson: "security-devops 2",
                  request: HTTPRequest(method: "GET", target: collection + "/1%27%20OR%20%271%27%3D%271"),
                  judge: { result in
                      guard case .success(let response) = result else { return ("a 4xx answer", "no answer: \(Self.failure(result))") }
                      return (400..<500).contains(response.status) ? nil : ("404 or another 4xx", "an id with SQL in it got \(response.status)")
                  }),
            Probe(name: "SQL injection in the query", category: Self.misconfiguration + " (injection)", lesson: "security-devops 2",
                  request: HTTPRequest(method: "GET", target: collection + "?q=%27%20OR%201%3D1--&sort=name%3BDROP%20TABLE%20x"),
                  judge: { result in
                      guard case .success(let response) = result else { return ("an answer", "no answer: \(Self.failure(result))") }
                      return response.status < 500 ? nil : ("a 2xx or 4xx answer", "a query with SQL in it got \(response.status)")
                  }),
            Probe(name: "path traversal", category: Self.misconfiguration, lesson: "security-devops 2",
                  request: HTTPRequest(method: "GET", target: collection + "/..%2F..%2F..%2F..%2Fetc%2Fpasswd"),
                  judge: { result in
                      guard case .success(let response) = result else { return ("a 4xx answer", "no answer: \(Self.failure(result))") }
                      if String(decoding: response.body, as: UTF8.self).contains("root:") { return ("a 4xx answer", "the answer holds a system file") }
                      return (400..<500).contains(response.status) ? nil : ("a 4xx answer", "a path that climbs out of the API got \(response.status)")
                  }),
            Probe(name: "a 10 MiB body", category: Self.consumption, lesson: "rest-best-practices 2",
                  request: HTTPRequest(method: "POST", target: collection, headers: json, body: Verifier.padded(10 << 20)),
                  judge: { result in
                      switch result {
                      case .failure(.closed): return nil
                      case .failure(let failure): return ("413, or the connection closed", "no answer: \(failure.reason)")
                      case .success(let response):
                          return (400..<500).contains(response.status) ? nil : ("413 Content Too Large", "a 10 MiB body got \(response.status): set a body size limit")
                      }
                  }),
            Probe(name: "a method the collection does not allow", category: Self.misconfiguration, lesson: "rest-api-design 3",
                  request: HTTPRequest(method: "PUT", target: collection, headers: json, body: Data("{}".utf8)),
                  judge: { result in
                      guard case .success(let response) = result else { return ("405 with Allow", "no answer: \(Self.failure(result))") }
                      if response.status != 405 { return ("405 Method Not Allowed with Allow", "PUT on the collection got \(response.status)") }
                      return response.header("Allow") == nil ? ("405 with an Allow header", "405 without Allow (RFC 9110 §15.5.6 requires it)") : nil
                  }),
            Probe(name: "a method nobody defined", category: Self.misconfiguration, lesson: "rest-api-design 3",
                  request: HTTPRequest(method: "BREW", target: collection),
                  judge: { result in
                      guard case .success(let response) = result else { return ("405 or 501", "no answer: \(Self.failure(result))") }
                      return [405, 501].contains(response.status) ? nil : ("405 or 501 Not Implemented", "an unknown method got \(response.status)")
                  }),
        ]
        probes.append(Probe(name: "still answers afterwards", category: Self.consumption, lesson: "rest-best-practices 2",
                            request: HTTPRequest(method: "GET", target: collection),
                            judge: { result in
                                guard case .success(let response) = result else { return ("an answer", "the server stopped answering: \(Self.failure(result))") }
                                return response.status < 500 ? nil : ("an answer below 500", "after the probes the collection answers \(response.status)")
                            }))
        for probe in probes {
            if interrupted() { break }
            let result = client.send(probe.request)
            if case .success(let response) = result { responses.append(response) }
            var outcome = CriterionOutcome(number: outcomes.count + 1, milestone: 0, request: "\(probe.name): \(probe.request.method) \(probe.request.target)",
                                           result: .passed, lesson: probe.lesson, curl: curl(probe.request), note: probe.category)
            if let problem = probe.judge(result) {
                outcome.result = .failed
                outcome.expected = problem.expected
                outcome.reason = problem.reason
                if case .success(let response) = result { outcome.got = "\(response.status) \(response.reason)".trimmedWhitespace }
            }
            outcomes.append(outcome)
        }
        outcomes += leaks(in: responses, number: outcomes.count + 1)
        return outcomes
    }

    /// Checks on every answer the probes got: no stack trace or path, no version in Server, and
    /// nosniff on JSON.
    private func leaks(in responses: [HTTPResponse], number: Int) -> [CriterionOutcome] {
        let markers = ["Traceback (most recent call last)", "at java.", "at org.", "node_modules/", "    at ", "goroutine ", "panicked at",
                       "/home/", "/usr/lib/", "/var/www/", "C:\\", "SQLITE_ERROR", "psycopg2", "SQLException", "Werkzeug", "Whitelabel Error Page"]
        var trace: String?
        for response in responses {
            let body = String(decoding: response.body, as: UTF8.self)
            if let marker = markers.first(where: body.contains) { trace = marker; break }
        }
        let server = responses.compactMap { $0.header("Server") }.first { $0.contains { $0.isNumber } }
        let jsonWithoutNosniff = responses.first { response in
            let type = response.header("Content-Type")?.lowercased() ?? ""
            return type.contains("json") && response.header("X-Content-Type-Options")?.lowercased() != "nosniff"
        }
        func outcome(_ offset: Int, _ name: String, lesson: String, failed: (expected: String, got: String, reason: String)?) -> CriterionOutcome {
            CriterionOutcome(number: number + offset, milestone: 0, request: name, result: failed == nil ? .passed : .failed, expected: failed?.expected,
                             got: failed?.got, reason: failed?.reason, lesson: lesson, note: Self.misconfiguration)
        }
        return [
            outcome(0, "no stack trace, file path or framework banner in an error body", lesson: "security-devops 8",
                    failed: trace.map { ("errors that say what was wrong, nothing about the code", "a body containing \($0)", "an error body shows how the server is built") }),
            outcome(1, "no version in the Server header", lesson: "security-devops 8",
                    failed: server.map { ("Server without a version, or no Server header", "Server: \(Sanitizer.clean($0))", "the Server header names a version an attacker can look up") }),
            outcome(2, "X-Content-Type-Options: nosniff on JSON", lesson: "rest-api-design 8",
                    failed: jsonWithoutNosniff.map { _ in ("X-Content-Type-Options: nosniff", "a JSON answer without it", "browsers may sniff a JSON body as HTML") }),
        ]
    }

    static func failure(_ result: Result<HTTPResponse, HTTPFailure>) -> String {
        if case .failure(let failure) = result { return failure.reason }
        return ""
    }
}
