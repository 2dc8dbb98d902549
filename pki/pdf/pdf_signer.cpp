#include "pki/pdf/pdf_signer.hpp"

#include <ctime>

#include "pki/pdf/pdf_error.hpp"

namespace mynasim::pdf {

std::optional<Profile> parse_profile(std::string_view text) {
  if (text == "registry") return Profile::kRegistry;
  if (text == "pades-b-b") return Profile::kPadesBB;
  if (text == "pades-b-t") return Profile::kPadesBT;
  if (text == "pades-b-lt") return Profile::kPadesBLT;
  return std::nullopt;
}

std::string_view to_string(Profile profile) {
  switch (profile) {
    case Profile::kRegistry:
      return "registry";
    case Profile::kPadesBB:
      return "pades-b-b";
    case Profile::kPadesBT:
      return "pades-b-t";
    case Profile::kPadesBLT:
      return "pades-b-lt";
  }
  return "?";
}

bool needs_timestamp(Profile profile) {
  return profile == Profile::kPadesBT || profile == Profile::kPadesBLT;
}

std::string pdf_date(pki::UnixTime time) {
  const std::time_t t = static_cast<std::time_t>(time);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "D:%Y%m%d%H%M%S+00'00'", &utc);
  return text;
}

SignResult sign(const SignRequest& request) {
  if (request.name.empty()) throw pki::PkiError("the signature's /Name is empty");
  if (needs_timestamp(request.profile) && !request.timestamp)
    throw pki::PkiError(std::string(to_string(request.profile)) + " needs a TSA");
  if (request.profile == Profile::kPadesBLT && !request.validation_data)
    throw pki::PkiError("pades-b-lt needs a source of validation data");

  UpdatableDocument document(request.pdf, request.pdf_name);
  SignatureDictionary dictionary;
  dictionary.sub_filter =
      request.profile == Profile::kRegistry ? "adbe.pkcs7.detached" : "ETSI.CAdES.detached";
  dictionary.name = request.name;
  dictionary.reason = request.reason;
  dictionary.date = pdf_date(request.signing_time);
  dictionary.contents_bytes = request.contents_bytes;
  SignResult result;
  result.field_name = document.add_signature(dictionary);
  Bytes file = document.write_update();

  const Placeholders at = find_placeholders(file, request.pdf.size(), request.contents_bytes);
  result.byte_range = byte_range_of(at, file.size());
  write_byte_range(file, at, result.byte_range);

  pki::cms::SignRequest cms;
  cms.detached = true;
  cms.content_sha256 = digest_of_ranges(file, result.byte_range);
  cms.signing_time_attribute = request.profile == Profile::kRegistry;
  cms.sha256_with_rsa_oid = request.profile == Profile::kRegistry;
  cms.signer_certificate = request.signer_certificate;
  cms.ca_certificates = request.ca_certificates;
  cms.signing_time = request.signing_time;
  cms.sign = request.sign;
  if (needs_timestamp(request.profile)) cms.timestamp = request.timestamp;
  const Bytes signed_data = pki::cms::sign(cms);
  write_contents(file, at, signed_data);
  result.cms_bytes = signed_data.size();
  result.signed_size = file.size();

  if (request.profile == Profile::kPadesBLT) {
    ValidationData data =
        request.validation_data(request.signer_certificate, request.ca_certificates);
    UpdatableDocument signed_document(file, request.pdf_name + " (signed)");
    signed_document.add_validation_data(data);
    file = signed_document.write_update();
  }
  result.pdf = std::move(file);
  return result;
}

}  // namespace mynasim::pdf
