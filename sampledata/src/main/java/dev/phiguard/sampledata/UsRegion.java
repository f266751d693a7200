package dev.phiguard.sampledata;

import java.util.List;

/**
 * A US state with the three-digit ZIP prefixes and the telephone area codes that belong to it, so that a synthetic
 * address, ZIP code and phone number agree with each other.
 *
 * @param state      USPS two-letter code
 * @param zipLow     lowest three-digit ZIP prefix of the state
 * @param zipHigh    highest three-digit ZIP prefix of the state (inclusive)
 * @param areaCodes  geographic NANP area codes in service in the state
 */
record UsRegion(String state, int zipLow, int zipHigh, int[] areaCodes) {

    /** The 50 states and DC. Area codes are a representative, real subset per state. */
    static final List<UsRegion> ALL = List.of(
            r("AL", 350, 369, 205, 251, 256, 334),
            r("AK", 995, 999, 907),
            r("AZ", 850, 865, 480, 520, 602, 623, 928),
            r("AR", 716, 729, 479, 501, 870),
            r("CA", 900, 961, 209, 213, 310, 415, 510, 559, 619, 626, 707, 714, 805, 818, 916, 949),
            r("CO", 800, 816, 303, 719, 720, 970),
            r("CT", 60, 69, 203, 860),
            r("DE", 197, 199, 302),
            r("DC", 200, 205, 202),
            r("FL", 320, 349, 305, 321, 352, 407, 561, 727, 813, 850, 904, 954),
            r("GA", 300, 319, 404, 470, 478, 678, 706, 770, 912),
            r("HI", 967, 968, 808),
            r("ID", 832, 838, 208),
            r("IL", 600, 629, 217, 309, 312, 618, 630, 708, 773, 815, 847),
            r("IN", 460, 479, 219, 260, 317, 574, 765, 812),
            r("IA", 500, 528, 319, 515, 563, 641, 712),
            r("KS", 660, 679, 316, 620, 785, 913),
            r("KY", 400, 427, 270, 502, 606, 859),
            r("LA", 700, 714, 225, 318, 337, 504, 985),
            r("ME", 39, 49, 207),
            r("MD", 206, 219, 240, 301, 410, 443),
            r("MA", 10, 27, 339, 413, 508, 617, 774, 781, 857, 978),
            r("MI", 480, 499, 231, 248, 269, 313, 517, 586, 616, 734, 810, 906, 989),
            r("MN", 550, 567, 218, 320, 507, 612, 651, 763, 952),
            r("MS", 386, 397, 228, 601, 662),
            r("MO", 630, 658, 314, 417, 573, 636, 660, 816),
            r("MT", 590, 599, 406),
            r("NE", 680, 693, 308, 402),
            r("NV", 889, 898, 702, 775),
            r("NH", 30, 38, 603),
            r("NJ", 70, 89, 201, 609, 732, 856, 908, 973),
            r("NM", 870, 884, 505, 575),
            r("NY", 100, 149, 212, 315, 516, 518, 585, 607, 631, 716, 718, 845, 914),
            r("NC", 270, 289, 252, 336, 704, 828, 910, 919, 980),
            r("ND", 580, 588, 701),
            r("OH", 430, 458, 216, 330, 419, 440, 513, 614, 740, 937),
            r("OK", 730, 749, 405, 580, 918),
            r("OR", 970, 979, 503, 541, 971),
            r("PA", 150, 196, 215, 267, 412, 484, 570, 610, 717, 724, 814),
            r("RI", 28, 29, 401),
            r("SC", 290, 299, 803, 843, 864),
            r("SD", 570, 577, 605),
            r("TN", 370, 385, 423, 615, 731, 865, 901, 931),
            r("TX", 750, 799, 210, 214, 254, 281, 361, 409, 512, 713, 806, 817, 903, 915, 940, 956, 972),
            r("UT", 840, 847, 385, 435, 801),
            r("VT", 50, 59, 802),
            r("VA", 220, 246, 276, 434, 540, 571, 703, 757, 804),
            r("WA", 980, 994, 206, 253, 360, 425, 509),
            r("WV", 247, 268, 304),
            r("WI", 530, 549, 262, 414, 608, 715, 920),
            r("WY", 820, 831, 307));

    private static UsRegion r(String state, int zipLow, int zipHigh, int... areaCodes) {
        return new UsRegion(state, zipLow, zipHigh, areaCodes);
    }
}
