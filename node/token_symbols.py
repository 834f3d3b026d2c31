"""The subnet token symbols the chain knows (the real chain's `SYMBOLS`, 439 glyphs in its order:
Τ for root at index 0, then Greek, Hebrew, Arabic, runic, Ogham, Georgian, Armenian, Cyrillic, Coptic,
Brahmi, Sinhala, Glagolitic, Thai, Hangul, Ethiopic, Devanagari, Katakana, Tifinagh, Sinhala).

Pure data, shared by the runtime (`subtensor.update_symbol`) and the client's preflight: a symbol
may be set when it is one of these glyphs other than root's Τ and no subnet uses it yet.
"""
from __future__ import annotations

SYMBOLS: str = (
    'Ταβγδεζηθικλμνξοπρσtυφχψωאבגדהוזחטיךכלםמ'
    'ןנסעףפץצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي'
    'ىᚠᚢᚦᚨᚱᚳЫᛉᛒ\u1680ᚁᚂᚃᚄᚅ᚛აბგდევԱԲԳԴԵԶ՞ЀЁЂЃЄЅъⲀⲁⲂ'
    'ⲃⲄⲅ𑀀𑀁𑀂𑀃𑀅නඳපඵබභⰀⰁⰂⰃⰄⰅⰆⰇⰈⰉⰊⰋⰌⰍⰎⰏⰐⰑⰒⰓⰔⰕⰖⰗⰘⰙ'
    'ⰚⰛⰜⰝⰞⰟⰠกขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภม'
    'ยรลวศษสหฬอฮㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝ'
    'ㅞㅟㅠㅡㅢㅣአኡኢኣኤእኦኧወዉዊዋዌውዎኰ\u12b1ኲኳኴኵ\u12b6ጐ\u1311ጒመጔጕ\u1316अआइईउ'
    'ऊऋएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहア'
    'イウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリル'
    'レロワヲンⴰⴱⴲⴳⴴⴵⴶⴷⴸⴹⴺⴻⴼⴽⴾⴿⵀⵁⵂⵃⵄⵅⵆⵇⵈⵉⵊⵋⵌⵍⵎⵏⵐⵑⵒ'
    'ⵓඅආඉඊඋඌඍඎඏඐඑඒඓඔඕඖකඛගඝඞචඡජඣඤටඥඦඩඨඪණඬතථදධ'
)
DEFAULT_SYMBOL = SYMBOLS[0]  # Τ (upper-case tau): root's symbol and the fallback
SETTABLE = frozenset(SYMBOLS[1:])  # what update_symbol accepts (root's Τ excluded, as the chain skips index 0)


def symbol_for(netuid: int) -> str:
    """The symbol the chain gives a netuid by default: SYMBOLS[netuid], Τ past the end."""
    return SYMBOLS[netuid] if 0 <= netuid < len(SYMBOLS) else DEFAULT_SYMBOL


def problem(symbol: str, in_use: dict[int, str]) -> tuple[str, str] | None:
    """(error name, sentence) when `symbol` cannot be set now, given every subnet's symbol
    (`in_use`: netuid -> symbol); None when it can."""
    if symbol not in SETTABLE:
        return ("subtensor.SymbolDoesNotExist",
                f"{symbol!r} is not a symbol the chain knows: pick one single glyph of its list "
                f"(`btcli subnets set-symbol --help`), e.g. {SYMBOLS[1]} or {SYMBOLS[100]}")
    taken = sorted(n for n, s in in_use.items() if s == symbol)
    if taken:
        return "subtensor.SymbolAlreadyInUse", f"{symbol} is already the symbol of subnet {taken[0]}"
    return None
