public import DanCuCore
@_spi(Gate) public import DanCuRegister

/// The register's announcements of life events (who had which event), for the system's own followers:
/// the exchange's dispatcher reads them to fan events out to subscriptions. Only the system reads them,
/// and the batch is logged for each person in it, as any read is.
extension Gate {
    static let announcementsNeed = AccessPolicy.Need([
        RoleAmong([.system], else: "only the system follows the register's announcements"),
        PurposeAmong([.publicService, .dataQuality], else: "following the register's announcements needs the purpose 'public-service' or 'data-quality'"),
    ])

    public func announcedEvents(after position: Int64, limit: Int, for request: AccessRequest) async throws -> [AnnouncedEvent] {
        try await authorize(request, Self.announcementsNeed, subject: nil, action: "follow-events", fields: ["lifeEvents"])
        let page = try await register.announcedEvents(after: position, limit: limit)
        try await logRead(request, subjects: Array(Set(page.map(\.personalNumber))).sorted(), action: "follow-events", fields: ["lifeEvents"])
        return page
    }

    /// Where the announcements stand now: a new follower starts there. No one's data.
    public func latestAnnouncement(for request: AccessRequest) async throws -> Int64 {
        try await authorize(request, Self.announcementsNeed, subject: nil, action: "follow-events", fields: [])
        return try await register.latestAnnouncement()
    }
}
