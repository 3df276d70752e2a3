"""A line-for-line transliteration of how lcb/torrent.lcb decodes answers, so
that its algorithm runs on real bytes in CI:

- the record walker (_u8, _u16, _u32, _Len, _Take, _Record, _List, _Event,
  _Events, with _fieldKey / _eventName / _makeNames), same steps, same names,
  same 1-based read position (sPos);
- the compact text form (issue 10: _RecordAt, _ListAt, _ByTorrentAt,
  _EventsAt, _flaggedAt), with LiveCode's native builtins the binding calls
  emulated from libfoundation's source: `split ... by ... into` is
  MCStringSplitByDelimiter, and MCStringSplit makes an Array of a
  "key<US>value<RS>..." row.

The key names, event names and separators are read out of the .lcb itself
(its generated constants), not restated here. `sBuf` is the scratch buffer
(the record bytes the library wrote); `_Text` is what btx_records_text gives
for them, handed in by the caller (the vectors' .text files, which the C
harness proves the library writes byte for byte)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LCB = (ROOT / "lcb/torrent.lcb").read_text()


def _constant(name):
    return re.search(rf'constant {name} is "?([^"\n]*)"?\n', LCB).group(1)


KTYPE_RAW = int(_constant("kTypeRaw"))
KTYPE_LIST = int(_constant("kTypeList"))
KSHAPE_RECORD = int(_constant("kShapeRecord"))
KSHAPE_LIST = int(_constant("kShapeList"))
KSHAPE_EVENTS = int(_constant("kShapeEvents"))


def _char(name):
    return chr(int(re.fullmatch(r"\\u\{([0-9A-Fa-f]+)\}", _constant(name)).group(1), 16))


KTEXT_FLAG, KTEXT_ROW, KTEXT_FIELD, KTEXT_KEY = (_char(n) for n in ("kTextFlag", "kTextRow", "kTextField", "kTextKey"))
KFIELD_KEYS = _constant("kFieldKeys")
KEVENT_NAMES = _constant("kEventNames")


# ---- LiveCode's builtins, as libfoundation implements them ---------------


def split_by(text, delimiter):
    """`split text by delimiter into list` (MCStringSplitByDelimiter): no
    element for an empty text, none after a trailing delimiter."""
    if text == "":
        return []
    out, offset = [], 0
    while True:
        end = text.find(delimiter, offset)
        if end < 0:
            out.append(text[offset:])
            return out
        out.append(text[offset:end])
        if end + len(delimiter) >= len(text):
            return out
        offset = end + len(delimiter)


def mc_string_split(text, element_delimiter, key_delimiter):
    """MCStringSplit(text, element, key): an Array of each element's part
    before its first key delimiter (the whole element if none) to the rest;
    a later element with the same key replaces an earlier one."""
    array = {}
    for element in split_by(text, element_delimiter):
        key, _, value = element.partition(key_delimiter)
        array[key] = value
    return array


def utf8(data):
    """_utf8: MCStringCreateWithBytes(..., UTF-8); "" when it fails."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return ""


class Walker:
    def __init__(self):
        self.sPos = 1
        self.sNamesReady = False
        self.sFieldKeys = []
        self.sEventNames = {}
        self.sRecordsOnly = False
        self.sBuf = b""

    # ---- the record walker ------------------------------------------------

    # byte sPos of pData (1-based, like LCB)
    def _u8(self, pData):
        tValue = pData[self.sPos - 1]
        self.sPos += 1
        return tValue

    def _u16(self, pData):
        tHigh = self._u8(pData)
        tLow = self._u8(pData)
        return tHigh * 256 + tLow

    def _u32(self, pData):
        tHigh = self._u16(pData)
        tLow = self._u16(pData)
        return tHigh * 65536 + tLow

    def _Len(self, pData):
        tLen = self._u16(pData)
        if tLen == 65535:
            tLen = self._u32(pData)
        return tLen

    def _Take(self, pData, pLen):
        if pLen <= 0:
            return b""
        # byte sPos to (sPos + pLen - 1) of pData
        tBytes = pData[self.sPos - 1:self.sPos - 1 + pLen]
        if len(tBytes) != pLen:
            raise IndexError("chunk out of range")  # LCB throws here
        self.sPos += pLen
        return tBytes

    def _Record(self, pData):
        tRecord = {}
        tCount = self._u16(pData)
        for tIndex in range(1, tCount + 1):
            tId = self._u8(pData)
            tType = self._u8(pData)
            tLen = self._Len(pData)
            tValue = self._Take(pData, tLen)
            if tType == KTYPE_RAW:
                tRecord[self._fieldKey(tId)] = tValue
            elif tType == KTYPE_LIST:
                tAt = self.sPos
                tRecord[self._fieldKey(tId)] = self._List(tValue)
                self.sPos = tAt
            else:
                tRecord[self._fieldKey(tId)] = utf8(tValue)
        return tRecord

    def _List(self, pData):
        if len(pData) < 2:
            return []
        tList = []
        self.sPos = 1
        tCount = self._Len(pData)
        for tIndex in range(1, tCount + 1):
            tBody = self._Len(pData)
            tList.append(self._Record(pData))
        return tList

    def _Event(self, pData):
        tCode = self._u16(pData)
        tBody = self._Len(pData)
        tEvent = self._Record(pData)
        tEvent["code"] = tCode
        tEvent["name"] = self._eventName(tCode)
        return tEvent

    def _Events(self, pData, pEvents):
        self.sPos = 1
        tCount = self._u16(pData)
        for tIndex in range(1, tCount + 1):
            pEvents.append(self._Event(pData))

    def _fieldKey(self, pId):
        if not self.sNamesReady:
            self._makeNames()
        if pId < 1 or pId > 255:
            return "field" + str(pId)
        return self.sFieldKeys[pId - 1]  # sFieldKeys[pId], 1-based

    def _eventName(self, pCode):
        if not self.sNamesReady:
            self._makeNames()
        tCode = str(pCode)
        if tCode in self.sEventNames:
            return self.sEventNames[tCode]
        return "torrentEvent"

    def _makeNames(self):
        self.sFieldKeys = split_by(KFIELD_KEYS, ",")
        tItems = split_by(KEVENT_NAMES, ",")
        self.sEventNames = {}
        for tItem in tItems:
            tPair = split_by(tItem, ":")
            self.sEventNames[tPair[0]] = tPair[1]
        self.sNamesReady = True

    # ---- the compact text form ---------------------------------------------

    def _bufData(self, pCount):
        return self.sBuf[:pCount] if pCount > 0 else b""

    def _Text(self, pShape, pLen):
        """btx_records_text on the first pLen bytes of sBuf, as a String"""
        return utf8(self.text_for(pShape, self.sBuf[:pLen]))

    def _RecordAt(self, pLen):
        if pLen < 2:
            return {}
        if not self.sRecordsOnly:
            tText = self._Text(KSHAPE_RECORD, pLen)
            if not tText.startswith(KTEXT_FLAG):
                return mc_string_split(tText, KTEXT_FIELD, KTEXT_KEY)
        self.sPos = 1
        return self._Record(self._bufData(pLen))

    def _ListAt(self, pLen):
        if pLen < 2:
            return []
        if self.sRecordsOnly:
            return self._List(self._bufData(pLen))
        tText = self._Text(KSHAPE_LIST, pLen)
        tRows = split_by(tText, KTEXT_ROW)
        tList = []
        if KTEXT_FLAG in tText:
            tData = self._bufData(pLen)
            for tRow in tRows:
                if tRow.startswith(KTEXT_FLAG):
                    self.sPos = self._flaggedAt(tRow)
                    tItem = self._Record(tData)
                else:
                    tItem = mc_string_split(tRow, KTEXT_FIELD, KTEXT_KEY)
                tList.append(tItem)
        else:
            for tRow in tRows:
                tList.append(mc_string_split(tRow, KTEXT_FIELD, KTEXT_KEY))
        return tList

    def _ByTorrentAt(self, pLen):
        if pLen < 2:
            return {}
        tByTorrent = {}  # MCArrayCreateMutable
        if self.sRecordsOnly:
            for tItem in self._List(self._bufData(pLen)):
                tHandle = int(tItem["torrent"])
                tByTorrent[str(tHandle)] = tItem  # MCArrayStoreValueAtIndex
        else:
            tText = self._Text(KSHAPE_LIST, pLen)
            tRows = split_by(tText, KTEXT_ROW)
            if KTEXT_FLAG in tText:
                tData = self._bufData(pLen)
            for tRow in tRows:
                if tRow.startswith(KTEXT_FLAG):
                    self.sPos = self._flaggedAt(tRow)
                    tItem = self._Record(tData)
                else:
                    tItem = mc_string_split(tRow, KTEXT_FIELD, KTEXT_KEY)
                tHandle = int(tItem["torrent"])
                tByTorrent[str(tHandle)] = tItem
        return tByTorrent

    def _EventsAt(self, pCap, pEvents):
        if self.sRecordsOnly:
            self._Events(self._bufData(pCap), pEvents)
            return
        tText = self._Text(KSHAPE_EVENTS, pCap)
        tRows = split_by(tText, KTEXT_ROW)
        if KTEXT_FLAG in tText:
            tData = self._bufData(pCap)
            for tRow in tRows:
                if tRow.startswith(KTEXT_FLAG):
                    self.sPos = self._flaggedAt(tRow)
                    tEvent = self._Event(tData)
                else:
                    tEvent = mc_string_split(tRow, KTEXT_FIELD, KTEXT_KEY)
                    tEvent["code"] = int(tEvent["code"])
                pEvents.append(tEvent)
            return
        for tRow in tRows:
            tEvent = mc_string_split(tRow, KTEXT_FIELD, KTEXT_KEY)
            tEvent["code"] = int(tEvent["code"])
            pEvents.append(tEvent)

    def _flaggedAt(self, pRow):
        try:
            return int(pRow[1:])
        except ValueError:
            return 1
