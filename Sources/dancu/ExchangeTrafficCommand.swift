import ArgumentParser
import DanCuApp
import DanCuCore
import DanCuExchange
import Foundation

extension ExchangeCommand {
    /// The daily open-data file of the gateway's traffic: counts per member, subsystem and service.
    struct Traffic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The gateway's traffic for a civil day as CSV (open data: organisations' counts, nobody's data).")
        @OptionGroup var options: Options
        @Option(help: "The civil day in Viet Nam (default: yesterday).") var day: String?
        @Option(help: "Write the CSV to this file rather than to standard output.") var out: String?

        func run() async throws {
            let given = try day.map { try ExchangeCommand.date($0, "--day") }
            try await options.run { platform, _ in
                let gateway = try ExchangeCommand.gateway(platform)
                let day = given ?? gateway.clock.today().adding(days: -1)
                let bounds = ExchangeTraffic.bounds(of: day)
                let csv = ExchangeTraffic.csv(try await gateway.traffic.rows(from: bounds.from, to: bounds.to), day: day)
                if let out {
                    guard FileManager.default.createFile(atPath: out, contents: Data(csv.utf8)) else { throw ValidationError("cannot write \(out)") }
                    print("wrote \(out)")
                } else {
                    print(csv, terminator: "")
                }
            }
        }
    }

    /// Deliveries of life events: what waits, and putting dead-lettered ones back in the queue.
    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Life-event deliveries: how many wait; --replay puts dead-lettered ones back in the queue.")
        @OptionGroup var options: Options
        @Flag(help: "Put every dead-lettered delivery (of --subscription, if given) back in the queue.") var replay = false
        @Option(help: "Only this subscription's deliveries.") var subscription: Int64?

        func run() async throws {
            try await options.run { platform, _ in
                let deliverer = try ExchangeCommand.gateway(platform).deliverer
                if replay { print("replaying \(try await deliverer.replayDead(subscription: subscription)) dead-lettered deliveries") }
                let backlog = try await deliverer.backlog()
                print("pending \(backlog.pending), dead-lettered \(backlog.dead)")
            }
        }
    }
}
