import DanCuAccess
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat

/// What an answer discloses of people: the personal values (names, numbers, dates, addresses) of the
/// register that appear in it. An answer may hold only what its caller's own read of each person would
/// give them, and what the caller sent.
struct Disclosure {
    /// Every personal value in the register: the string leaves of every record as the centre reads it.
    let personal: Set<String>
    /// Those values, by officer: what a `GET /v1/persons/{number}` of each person gives that officer.
    let readable: [String: Set<String>]

    /// Reads every person of the harness as the centre and as each officer (before the request under test).
    static func of(_ h: WebHarness, _ client: any TestClientProtocol, officers: [String]) async throws -> Disclosure {
        let numbers = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "b1", "c1"].compactMap { try? h.number($0) }
        func values(as officer: String) async throws -> Set<String> {
            var out = Set<String>()
            for number in numbers {
                let response = try await client.execute(
                    uri: "/v1/persons/\(number)", method: .get,
                    headers: h.headers(officer, purpose: .residenceManagement))
                if response.status == .ok { out.formUnion(leaves(of: Data(buffer: response.body)).filter(isPersonal)) }
            }
            return out
        }
        var readable: [String: Set<String>] = [:]
        for officer in officers { readable[officer] = try await values(as: officer) }
        return Disclosure(personal: try await values(as: "central"), readable: readable)
    }

    /// Personal values of the register in `answer`, whole or quoted in a message, that `officer` could not
    /// read and did not send.
    func leaked(_ answer: Data, to officer: String, sent: Sample) -> Set<String> {
        let shown = Self.leaves(of: answer).union([String(decoding: answer, as: UTF8.self)])
        // What the caller sent, with the files of a card chip decoded: a chip's DG1 carries its holder's number.
        let leaves = Self.leaves(of: Data((sent.body ?? "").utf8))
        let own = leaves.union(leaves.compactMap { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } }).union([sent.path])
        let hidden = personal.subtracting(readable[officer] ?? []).filter { value in !own.contains { $0.contains(value) } }
        return hidden.filter { value in shown.contains { $0.contains(value) } }
    }

    /// Names, numbers, dates and addresses, not codes ("current", "VNM", ward "00004").
    static func isPersonal(_ value: String) -> Bool {
        value.count >= 6 && !value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "-" }
    }

    /// Every string and number leaf of a JSON document (nothing when it is not JSON).
    static func leaves(of data: Data) -> Set<String> {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var out = Set<String>()
        func walk(_ value: Any) {
            switch value {
            case let text as String: out.insert(text)
            case let array as [Any]: array.forEach(walk)
            case let object as [String: Any]: object.values.forEach(walk)
            default: break
            }
        }
        walk(root)
        return out
    }

}
