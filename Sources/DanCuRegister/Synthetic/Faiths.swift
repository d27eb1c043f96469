import DanCuCore

/// Religion by people and province, in outline as the 2019 census found it: 86 % follow none; the
/// Catholics (6.1 %) cluster in Nam Định, Ninh Bình, Đồng Nai and among some highland peoples; Hòa Hảo
/// (1 %) lives in An Giang and Đồng Tháp, Cao Đài (0.6 %) in Tây Ninh; nearly all Khmer are Theravada
/// Buddhists; many Mông and Central Highlanders are Protestants; the Chăm follow Islam or Brahmanism.
enum Faiths {
    static func religion(ethnicity: String, province: String, _ rng: inout SplitMix64) -> Religion {
        let table: [(Religion, Double)]
        switch ethnicity {
        case "05": table = [(.buddhism, 92), (.none, 7), (.catholicism, 1)]
        case "17": table = [(.islam, 35), (.brahmanism, 40), (.none, 25)]
        case "08": table = [(.protestantism, 22), (.catholicism, 3), (.none, 75)]
        case "10", "12", "13", "14", "16", "20", "22", "28", "36": table = [(.protestantism, 33), (.catholicism, 22), (.none, 45)]
        case "04": table = [(.buddhism, 22), (.catholicism, 4), (.none, 74)]
        default:
            let catholic = catholics[province] ?? 1.5
            let buddhist = buddhists[province] ?? 2.5
            table = [
                (.catholicism, catholic), (.buddhism, buddhist), (.hoaHao, hoaHao[province] ?? 0), (.caoDai, caoDai[province] ?? 0),
                (.protestantism, 0.3), (.other, 0.1), (.none, max(10, 100 - catholic - buddhist - (hoaHao[province] ?? 0) - (caoDai[province] ?? 0))),
            ]
        }
        return WeightedTable(table).pick(&rng) ?? .none
    }

    /// Percent of the Kinh of a (pre-2025) province who are Catholic, where notably more than the rest.
    static let catholics: [String: Double] = [
        "36": 24, "37": 15, "75": 30, "34": 10, "35": 8, "79": 8, "40": 8, "42": 7, "44": 7, "77": 18, "60": 8, "68": 22,
        "62": 20, "66": 10, "64": 8, "01": 2.5, "31": 3, "30": 3, "33": 4, "38": 3.5, "56": 6, "72": 4, "74": 7, "70": 5,
        "80": 3, "83": 4, "87": 2, "89": 2, "91": 3, "92": 2, "22": 2.5, "46": 2.5, "48": 4, "52": 2, "54": 2, "58": 4,
    ]
    static let buddhists: [String: Double] = [
        "79": 8.2, "46": 13.8, "48": 7.7, "56": 7.2, "52": 4.4, "54": 4.4, "49": 3.3, "51": 3.3, "58": 3.3, "60": 4.4, "68": 5, "75": 5.5,
        "77": 5.5, "74": 5, "70": 3.3, "72": 5, "80": 3.3, "82": 4.4, "83": 3.3, "84": 3.9, "86": 5, "87": 3.9, "89": 3.3, "91": 5, "92": 5,
        "93": 3.9, "94": 5, "95": 5, "96": 3.3, "45": 1.7, "44": 1.1, "42": 0.8,
    ]
    static let hoaHao: [String: Double] = ["89": 40, "87": 20, "92": 12, "93": 10, "86": 5, "91": 3]
    static let caoDai: [String: Double] = ["72": 30, "80": 3, "83": 5, "82": 3, "86": 4, "79": 1, "75": 1, "84": 2]
}
