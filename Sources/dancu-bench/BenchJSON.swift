import DanCuRegister
import Foundation

/// The bench client's request bodies, written as text: its client shares the server's two cores, and
/// `JSONSerialization` (a dictionary of `Any`, sorted, bridged) was 1.5 % of an HTTP round's processor
/// time, spent on the bench's side. A value is text, or an object of such values.
indirect enum BenchJSON {
    case text(String)
    case object([(String, BenchJSON)])

    var data: Data { Data(written.utf8) }

    var written: String {
        switch self {
        case .text(let text): PersonJSONWriter.quoted(text)
        case .object(let members): "{" + members.map { PersonJSONWriter.quoted($0.0) + ":" + $0.1.written }.joined(separator: ",") + "}"
        }
    }
}
