#include "pki/pdf/updatable_document.hpp"

#include <podofo/podofo.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string_view>

#include "pki/pdf/byte_range.hpp"
#include "pki/pdf/pdf_error.hpp"

namespace mynasim::pdf {
namespace {

using namespace PoDoFo;

constexpr std::size_t kHeaderWindow = 1024;  // ISO 32000-1 7.5.2 lets readers look this far
constexpr std::size_t kTrailerWindow = 1024;

bool contains(ByteView bytes, std::string_view text) {
  return std::search(bytes.begin(), bytes.end(), text.begin(), text.end(),
                     [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); }) !=
         bytes.end();
}

// PoDoFo prints its errors and debug lines on stdout unless told not to.
void quiet_podofo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PdfError::EnableLogging(false);
    PdfError::EnableDebug(false);
  });
}

PdfString text_string(const std::string& utf8) {
  const bool ascii = std::all_of(utf8.begin(), utf8.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return PdfString(utf8);
  return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));  // UTF-16BE with a BOM
}

PdfObject* resolve(PdfVecObjects& objects, PdfObject* object) {
  if (object && object->IsReference()) return objects.GetObject(object->GetReference());
  return object;
}

}  // namespace

struct UpdatableDocument::Impl {
  Bytes input;
  std::string name;
  PdfMemDocument document;
};

UpdatableDocument::UpdatableDocument(ByteView pdf, std::string name)
    : impl_(std::make_unique<Impl>()) {
  quiet_podofo();
  impl_->input.assign(pdf.begin(), pdf.end());
  impl_->name = std::move(name);
  const std::string& n = impl_->name;
  if (!contains(pdf.first(std::min(pdf.size(), kHeaderWindow)), "%PDF-"))
    throw PdfInputError(n + ": not a PDF (no %PDF- header in its first 1024 bytes)");
  if (!contains(pdf.last(std::min(pdf.size(), kTrailerWindow)), "%%EOF"))
    throw PdfInputError(n + ": damaged PDF (no %%EOF in its last 1024 bytes: truncated?)");
  try {
    impl_->document.LoadFromBuffer(reinterpret_cast<const char*>(impl_->input.data()),
                                   static_cast<long>(impl_->input.size()), true);
  } catch (const PdfError& e) {
    if (e.GetError() == ePdfError_InvalidPassword)
      throw PdfInputError(n + ": encrypted PDF (it needs a password); decrypt it before signing");
    // PoDoFo refuses an encrypted document for update before it asks for a password.
    if (e.GetError() == ePdfError_CannotEncryptedForUpdate)
      throw PdfInputError(n +
                          ": encrypted PDF (/Encrypt in its trailer): an update would have to "
                          "be encrypted too; decrypt it before signing");
    if (e.GetError() == ePdfError_UnexpectedEOF)  // PoDoFo's own text has a typo
      throw PdfInputError(n +
                          ": damaged PDF (the parser ran past the end of the file: a wrong "
                          "startxref or cross-reference offset?)");
    const char* what = PdfError::ErrorMessage(e.GetError());
    throw PdfInputError(n + ": damaged PDF (" + (what ? what : "PoDoFo cannot parse it") + ")");
  }
  if (impl_->document.GetEncrypted())
    throw PdfInputError(n +
                        ": encrypted PDF (/Encrypt in its trailer): an update would have to be "
                        "encrypted too; decrypt it before signing");
  try {
    if (impl_->document.GetPageCount() < 1) throw PdfInputError(n + ": damaged PDF (no pages)");
  } catch (const PdfError& e) {
    throw PdfInputError(n + ": damaged PDF (its page tree: " +
                        std::string(PdfError::ErrorMessage(e.GetError())) + ")");
  }
}

UpdatableDocument::~UpdatableDocument() = default;

std::string UpdatableDocument::add_signature(const SignatureDictionary& d) {
  try {
    PdfMemDocument& doc = impl_->document;
    PdfAcroForm* form = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    PdfDictionary& form_dict = form->GetObject()->GetDictionary();
    // Names already taken, so that a co-signature gets a field of its own.
    std::set<std::string> taken;
    if (PdfObject* fields = resolve(doc.GetObjects(), form_dict.GetKey("Fields"));
        fields && fields->IsArray()) {
      for (PdfObject& entry : fields->GetArray()) {
        PdfObject* field = resolve(doc.GetObjects(), &entry);
        if (field && field->IsDictionary())
          if (const PdfObject* t = field->GetDictionary().GetKey("T"); t && t->IsString())
            taken.insert(t->GetString().GetStringUtf8());
      }
    }
    std::string field_name;
    for (int n = 1; field_name.empty() || taken.count(field_name); ++n)
      field_name = "Signature" + std::to_string(n);
    form_dict.AddKey("SigFlags",
                     PdfObject(static_cast<pdf_int64>(3)));  // SignaturesExist|AppendOnly

    PdfAnnotation* widget =
        doc.GetPage(0)->CreateAnnotation(ePdfAnnotation_Widget, PdfRect(0, 0, 0, 0));
    widget->SetFlags(ePdfAnnotationFlags_Print);
    PdfSignatureField field(widget, form, &doc);
    field.SetFieldName(PdfString(field_name));
    field.EnsureSignatureObject();
    PdfDictionary& sig = field.GetSignatureObject()->GetDictionary();
    sig.AddKey("Type", PdfName("Sig"));
    sig.AddKey("Filter", PdfName("Adobe.PPKLite"));
    sig.AddKey("SubFilter", PdfName(d.sub_filter));
    sig.AddKey("ByteRange", PdfObject(PdfData(std::string(kByteRangePlaceholder).c_str())));
    sig.AddKey("Contents", PdfObject(PdfData(contents_placeholder(d.contents_bytes).c_str())));
    sig.AddKey("M", PdfString(d.date));
    sig.AddKey("Name", text_string(d.name));
    if (!d.reason.empty()) sig.AddKey("Reason", text_string(d.reason));
    return field_name;
  } catch (const PdfError& e) {
    throw PdfInputError(impl_->name + ": cannot add a signature field (" +
                        std::string(PdfError::ErrorMessage(e.GetError())) + ")");
  }
}

void UpdatableDocument::add_validation_data(const ValidationData& data) {
  try {
    PdfMemDocument& doc = impl_->document;
    PdfVecObjects& objects = doc.GetObjects();
    PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
    PdfObject* dss = resolve(objects, catalog.GetKey("DSS"));
    if (!dss || !dss->IsDictionary()) {
      dss = objects.CreateObject(PdfDictionary());
      catalog.AddKey("DSS", dss->Reference());
    }
    const auto append = [&](const char* key, const std::vector<Bytes>& items) {
      if (items.empty()) return;
      PdfArray array;
      if (PdfObject* old = resolve(objects, dss->GetDictionary().GetKey(key));
          old && old->IsArray())
        array = old->GetArray();
      for (const Bytes& item : items) {
        PdfObject* stream = objects.CreateObject();
        stream->GetStream()->Set(reinterpret_cast<const char*>(item.data()),
                                 static_cast<pdf_long>(item.size()));
        array.push_back(stream->Reference());
      }
      dss->GetDictionary().AddKey(key, array);
    };
    append("Certs", data.certificates);
    append("OCSPs", data.ocsp_responses);
    append("CRLs", data.crls);
  } catch (const PdfError& e) {
    throw PdfInputError(impl_->name + ": cannot add the DSS (" +
                        std::string(PdfError::ErrorMessage(e.GetError())) + ")");
  }
}

Bytes UpdatableDocument::write_update() {
  PdfRefCountedBuffer buffer;
  try {
    PdfOutputDevice device(&buffer);
    impl_->document.WriteUpdate(&device, true);
    Bytes out(reinterpret_cast<const std::uint8_t*>(buffer.GetBuffer()),
              reinterpret_cast<const std::uint8_t*>(buffer.GetBuffer()) + device.GetLength());
    if (out.size() < impl_->input.size() ||
        !std::equal(impl_->input.begin(), impl_->input.end(), out.begin()))
      throw pki::PkiError(impl_->name +
                          ": the PDF library changed earlier bytes; refusing to write the update");
    return out;
  } catch (const PdfError& e) {
    throw PdfInputError(impl_->name + ": cannot write the update (" +
                        std::string(PdfError::ErrorMessage(e.GetError())) + ")");
  }
}

}  // namespace mynasim::pdf
