// libifd-mynasim.so: the pcsc-lite IFD handler API v3 entry points. Each reader (one per
// reader.conf entry, DEVICENAME unix:PATH) has one Slot; Lun >> 16 tells them apart. The wire
// protocol is in reader/PROTOCOL.md.
extern "C" {  // pcsc-lite's headers declare C functions without saying so
#include <ifdhandler.h>
#include <reader.h>
}

#include <arpa/inet.h>

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "reader/ifd/entry_guard.hpp"
#include "reader/ifd/log.hpp"
#include "reader/ifd/slot.hpp"

namespace {

using mynasim::reader::ifd::Result;
using mynasim::reader::ifd::Slot;

constexpr std::string_view kScheme = "unix:";
// The largest command data field we pass (extended APDUs); advertised to clients such as OpenSC
// through FEATURE_GET_TLV_PROPERTIES.
constexpr std::uint32_t kMaxApduDataSize = 65536;
// pcscd 1.9.9 allows PCSCLITE_MAX_READERS_CONTEXTS (16) readers in all.
constexpr unsigned char kSimultaneousReaders = 16;
// The control code that runs the feature; the CCID driver's numbering (class 2 magic 0x330000).
constexpr DWORD kFeatureTlvProperties = SCARD_CTL_CODE(0x330000 + FEATURE_GET_TLV_PROPERTIES);

// Every entry point runs its body through this: an exception becomes `on_error` and a log line.
template <typename Body>
RESPONSECODE entry(const char* name, RESPONSECODE on_error, Body&& body) {
  return mynasim::reader::ifd::guarded(name, on_error, std::forward<Body>(body));
}

std::mutex slots_mutex;
std::map<DWORD, std::shared_ptr<Slot>> slots;  // by reader index (Lun >> 16)

std::shared_ptr<Slot> find_slot(DWORD lun) {
  std::lock_guard lock(slots_mutex);
  const auto it = slots.find(lun >> 16);
  return it == slots.end() ? nullptr : it->second;
}

RESPONSECODE to_code(Result result) {
  switch (result) {
    case Result::kOk:
      return IFD_SUCCESS;
    case Result::kNoCard:
      return IFD_ICC_NOT_PRESENT;
    case Result::kBufferTooSmall:
      return IFD_ERROR_INSUFFICIENT_BUFFER;
    case Result::kFailed:
      return IFD_COMMUNICATION_ERROR;
    case Result::kLost:  // what libccid gives for a card pulled, or mute, during a T=1 command
      return IFD_COMMUNICATION_ERROR;
  }
  return IFD_COMMUNICATION_ERROR;
}

RESPONSECODE poll_for_event(DWORD lun, int timeout_ms) {
  return entry("poll_for_event", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    const auto slot = find_slot(lun);
    if (!slot) return IFD_NO_SUCH_DEVICE;
    slot->wait_for_event(timeout_ms);
    return IFD_SUCCESS;
  });
}

RESPONSECODE put_byte(PDWORD length, PUCHAR value, unsigned char byte) {
  if (*length < 1) return IFD_ERROR_INSUFFICIENT_BUFFER;
  *length = 1;
  value[0] = byte;
  return IFD_SUCCESS;
}

}  // namespace

extern "C" {

RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName) {
  return entry("IFDHCreateChannelByName", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    const std::string_view device = DeviceName ? DeviceName : "";
    if (device.substr(0, kScheme.size()) != kScheme) {
      mynasim::reader::ifd::log_error(
          "mynasim: DEVICENAME must be unix:PATH (the socket the card connects to), not '%s'",
          DeviceName ? DeviceName : "");
      return IFD_COMMUNICATION_ERROR;
    }
    std::string error;
    auto slot = Slot::open(std::string(device.substr(kScheme.size())), error);
    if (!slot) {
      mynasim::reader::ifd::log_error("mynasim: %s", error.c_str());
      return IFD_COMMUNICATION_ERROR;
    }
    std::lock_guard lock(slots_mutex);
    slots[Lun >> 16] = std::move(slot);
    return IFD_SUCCESS;
  });
}

RESPONSECODE IFDHCreateChannel(DWORD, DWORD) {
  return entry("IFDHCreateChannel", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    mynasim::reader::ifd::log_error("mynasim: reader.conf needs DEVICENAME unix:PATH");
    return IFD_NOT_SUPPORTED;
  });
}

RESPONSECODE IFDHCloseChannel(DWORD Lun) {
  return entry("IFDHCloseChannel", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    std::shared_ptr<Slot> slot;
    {
      std::lock_guard lock(slots_mutex);
      const auto it = slots.find(Lun >> 16);
      if (it == slots.end()) return IFD_NO_SUCH_DEVICE;
      slot = std::move(it->second);
      slots.erase(it);
    }
    return IFD_SUCCESS;  // the last reference closes the sockets and removes the socket file
  });
}

RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value) {
  return entry("IFDHGetCapabilities", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    switch (Tag) {
      case TAG_IFD_ATR: {
        const auto slot = find_slot(Lun);
        if (!slot) return IFD_NO_SUCH_DEVICE;
        const auto atr = slot->atr();
        if (*Length < atr.size()) return IFD_ERROR_INSUFFICIENT_BUFFER;
        std::memcpy(Value, atr.data(), atr.size());
        *Length = atr.size();
        return IFD_SUCCESS;
      }
      case TAG_IFD_SLOTS_NUMBER:
        return put_byte(Length, Value, 1);
      case TAG_IFD_SIMULTANEOUS_ACCESS:
        return put_byte(Length, Value, kSimultaneousReaders);
      case TAG_IFD_THREAD_SAFE:  // each Slot locks itself
        return put_byte(Length, Value, 1);
      case TAG_IFD_SLOT_THREAD_SAFE:
        return put_byte(Length, Value, 0);
      case TAG_IFD_POLLING_THREAD_KILLABLE:  // the thread is cancellable inside poll() only
        return put_byte(Length, Value, 1);
      case TAG_IFD_POLLING_THREAD_WITH_TIMEOUT: {
        using Poller = RESPONSECODE (*)(DWORD, int);
        if (*Length < sizeof(Poller)) return IFD_ERROR_INSUFFICIENT_BUFFER;
        const Poller poller = &poll_for_event;
        std::memcpy(Value, &poller, sizeof poller);
        *Length = sizeof poller;
        return IFD_SUCCESS;
      }
      default:
        return IFD_ERROR_TAG;
    }
  });
}

RESPONSECODE IFDHSetCapabilities(DWORD, DWORD, DWORD, PUCHAR) {
  return entry("IFDHSetCapabilities", IFD_COMMUNICATION_ERROR,
               [&]() -> RESPONSECODE { return IFD_NOT_SUPPORTED; });
}

// pcscd picks T=0 or T=1 from the ATR; the card takes APDUs either way.
RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD, UCHAR, UCHAR, UCHAR, UCHAR) {
  return entry("IFDHSetProtocolParameters", IFD_COMMUNICATION_ERROR,
               [&]() -> RESPONSECODE { return find_slot(Lun) ? IFD_SUCCESS : IFD_NO_SUCH_DEVICE; });
}

RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength) {
  return entry("IFDHPowerICC", IFD_ERROR_POWER_ACTION, [&]() -> RESPONSECODE {
    const auto slot = find_slot(Lun);
    const DWORD capacity = *AtrLength;
    *AtrLength = 0;
    if (!slot) return IFD_NO_SUCH_DEVICE;
    if (Action == IFD_POWER_DOWN) {
      const Result r = slot->power_down();
      return r == Result::kOk ? IFD_SUCCESS : to_code(r);
    }
    if (Action != IFD_POWER_UP && Action != IFD_RESET) return IFD_NOT_SUPPORTED;
    std::vector<std::uint8_t> atr;
    const Result r = slot->power_up(Action == IFD_RESET, atr);
    if (r == Result::kNoCard) return IFD_ICC_NOT_PRESENT;
    if (r != Result::kOk) return IFD_ERROR_POWER_ACTION;
    if (capacity < atr.size()) return IFD_ERROR_INSUFFICIENT_BUFFER;
    std::memcpy(Atr, atr.data(), atr.size());
    *AtrLength = atr.size();
    return IFD_SUCCESS;
  });
}

RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci, PUCHAR TxBuffer, DWORD TxLength,
                               PUCHAR RxBuffer, PDWORD RxLength, PSCARD_IO_HEADER RecvPci) {
  return entry("IFDHTransmitToICC", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    const DWORD capacity = *RxLength;
    *RxLength = 0;
    const auto slot = find_slot(Lun);
    if (!slot) return IFD_NO_SUCH_DEVICE;
    std::vector<std::uint8_t> response;
    const Result r = slot->transmit(TxBuffer, TxLength, SendPci.Protocol == 1, response);
    if (r != Result::kOk) return to_code(r);
    if (response.size() > capacity) return IFD_ERROR_INSUFFICIENT_BUFFER;
    std::memcpy(RxBuffer, response.data(), response.size());
    *RxLength = response.size();
    if (RecvPci) RecvPci->Protocol = SendPci.Protocol;
    return IFD_SUCCESS;
  });
}

RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer, DWORD, PUCHAR RxBuffer,
                         DWORD RxLength, LPDWORD pdwBytesReturned) {
  return entry("IFDHControl", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    (void)TxBuffer;
    *pdwBytesReturned = 0;
    if (!find_slot(Lun)) return IFD_NO_SUCH_DEVICE;
    if (dwControlCode == CM_IOCTL_GET_FEATURE_REQUEST) {
      // One feature: the TLV properties (tag, length 4, control code big-endian).
      if (RxLength < sizeof(PCSC_TLV_STRUCTURE)) return IFD_ERROR_INSUFFICIENT_BUFFER;
      PCSC_TLV_STRUCTURE feature{FEATURE_GET_TLV_PROPERTIES, 4, htonl(kFeatureTlvProperties)};
      std::memcpy(RxBuffer, &feature, sizeof feature);
      *pdwBytesReturned = sizeof feature;
      return IFD_SUCCESS;
    }
    if (dwControlCode == kFeatureTlvProperties) {
      // PC/SC part 10 properties: tag, length, little-endian value.
      const unsigned char properties[] = {
          PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize,
          4,
          static_cast<unsigned char>(kMaxApduDataSize),
          static_cast<unsigned char>(kMaxApduDataSize >> 8),
          static_cast<unsigned char>(kMaxApduDataSize >> 16),
          static_cast<unsigned char>(kMaxApduDataSize >> 24),
      };
      if (RxLength < sizeof properties) return IFD_ERROR_INSUFFICIENT_BUFFER;
      std::memcpy(RxBuffer, properties, sizeof properties);
      *pdwBytesReturned = sizeof properties;
      return IFD_SUCCESS;
    }
    return IFD_ERROR_NOT_SUPPORTED;
  });
}

RESPONSECODE IFDHICCPresence(DWORD Lun) {
  return entry("IFDHICCPresence", IFD_COMMUNICATION_ERROR, [&]() -> RESPONSECODE {
    const auto slot = find_slot(Lun);
    if (!slot) return IFD_NO_SUCH_DEVICE;
    return slot->present() ? IFD_ICC_PRESENT : IFD_ICC_NOT_PRESENT;
  });
}

}  // extern "C"
