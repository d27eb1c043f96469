public import DanCuAccess

/// Who may see and decide the register's suspected duplicates, and read its quality figures. Province
/// officers review the pairs of their province; the central office (C06) those that cross provinces.
extension AccessPolicy.Need {
    static let reviewers: Set<Role> = [.provinceOfficer, .centralOfficer]

    /// Opening the queue: the role and the purpose, before anyone is read.
    public static let duplicateQueue = Self([
        RoleAmong(reviewers, else: "only province and central officers review suspected duplicates"),
        PurposeAmong([.dataQuality], else: "reviewing duplicates needs the purpose 'data-quality'"),
    ])

    /// One person of a pair, where they belong.
    public static func duplicateReview(_ area: Area) -> Self {
        Self([
            WorksOnPersonalData(what: "people's register data"),
            RoleAmong(reviewers, else: "only province and central officers review suspected duplicates"),
            PurposeAmong([.dataQuality], else: "reviewing duplicates needs the purpose 'data-quality'"),
            Within(area),
        ])
    }

    /// The quality figures of an area (counts and shares, no one named): officers of the police, in
    /// their own jurisdiction. They need no purpose, as no one's data is read.
    public static let qualityFigures = Self(
        needsPurpose: false,
        [RoleAmong([.communeOfficer, .provinceOfficer, .centralOfficer], else: "only police officers read the register's quality figures")])
}
