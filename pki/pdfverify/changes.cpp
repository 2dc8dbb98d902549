#include "pki/pdfverify/changes.hpp"

#include <qpdf/QPDF.hh>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace mynasim::pki::pdfverify::detail {
namespace {

using Table = std::map<QPDFObjGen, QPDFXRefEntry>;
using Set = std::set<QPDFObjGen>;

std::string name_of(QPDFObjGen og) {
  return "object " + std::to_string(og.getObj()) + " " + std::to_string(og.getGen());
}

bool written_after(const QPDFXRefEntry& entry, const Table& table, std::size_t end) {
  if (entry.getType() == 1) return entry.getOffset() >= static_cast<qpdf_offset_t>(end);
  if (entry.getType() != 2) return false;
  const auto stream = table.find(QPDFObjGen(entry.getObjStreamNumber(), 0));
  return stream == table.end() || written_after(stream->second, table, end);
}

bool has_key(QPDFObjectHandle h, const std::string& key) {
  return h.isDictionary() && h.hasKey(key);
}

// The keys whose values differ (by their PDF text: a reference is "n g R"), `ignored` aside.
std::vector<std::string> differing_keys(QPDFObjectHandle a, QPDFObjectHandle b,
                                        const std::set<std::string>& ignored) {
  if (a.isStream()) a = a.getDict();
  if (b.isStream()) b = b.getDict();
  std::set<std::string> keys;
  if (a.isDictionary())
    for (const auto& k : a.getKeys()) keys.insert(k);
  if (b.isDictionary())
    for (const auto& k : b.getKeys()) keys.insert(k);
  std::vector<std::string> out;
  for (const std::string& k : keys) {
    if (ignored.count(k)) continue;
    const bool in_a = has_key(a, k), in_b = has_key(b, k);
    if (in_a != in_b || (in_a && a.getKey(k).unparse() != b.getKey(k).unparse())) out.push_back(k);
  }
  return out;
}

std::string joined(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

class Analysis {
 public:
  Analysis(QPDF& before, QPDF& after, std::size_t end)
      : before_(before), after_(after), before_table_(before.getXRefTable()) {
    const Table table = after.getXRefTable();
    for (const auto& [og, entry] : table) {
      if (written_after(entry, table, end)) changed_.insert(og);
      if (entry.getType() == 1 || entry.getType() == 2) after_objects_.insert(og);
    }
  }

  std::vector<Finding> run() {
    for (QPDFObjGen og : changed_) {
      const std::string type = type_of(after_.getObjectByObjGen(og));
      if (type == "/XRef" || type == "/ObjStm") allowed_.insert(og);
    }
    QPDFObjectHandle root = after_.getRoot();
    reach(root.getKey("/DSS"));
    reach(root.getKey("/Extensions"));
    allow_new_signatures(root.getKey("/AcroForm").getKey("/Fields"), 0);
    check_catalog(root);
    check_info();
    check_pages();
    std::vector<Finding> out = std::move(findings_);
    for (QPDFObjGen og : changed_)
      if (!allowed_.count(og) && !reported_.count(og))
        out.push_back({Status::kModifiedAfterSigning, describe(og)});
    for (const auto& [og, entry] : before_table_)
      if ((entry.getType() == 1 || entry.getType() == 2) && !after_objects_.count(og))
        out.push_back(
            {Status::kModifiedAfterSigning, name_of(og) + " was deleted after the signature"});
    return out;
  }

 private:
  static std::string type_of(QPDFObjectHandle h) {
    if (h.isStream()) h = h.getDict();
    QPDFObjectHandle type = h.isDictionary() ? h.getKey("/Type") : QPDFObjectHandle::newNull();
    return type.isName() ? type.getName() : "";
  }

  bool existed(QPDFObjGen og) const { return before_table_.count(og) > 0; }

  // Everything written after the signature that `h` leads to, except back up the tree (/P, the
  // page of a widget; /Parent; /Data of a DocMDP reference, the catalog).
  void reach(QPDFObjectHandle h) {
    if (h.isIndirect()) {
      const QPDFObjGen og = h.getObjGen();
      if (!changed_.count(og) || !allowed_.insert(og).second) return;
    }
    if (h.isStream()) return reach(h.getDict());
    if (h.isArray()) {
      for (auto& item : h.getArrayAsVector()) reach(item);
    } else if (h.isDictionary()) {
      for (const auto& k : h.getKeys())
        if (k != "/P" && k != "/Parent" && k != "/Data") reach(h.getKey(k));
    }
  }

  // Signature fields (and document timestamps) signed after the signature: new fields, or
  // fields that had no value then.
  void allow_new_signatures(QPDFObjectHandle fields, int depth) {
    if (!fields.isArray() || depth > 32) return;
    for (auto& field : fields.getArrayAsVector()) {
      if (!field.isDictionary()) continue;
      QPDFObjectHandle ft = field.getKey("/FT");
      for (auto p = field.getKey("/Parent"); ft.isNull() && p.isDictionary();
           p = p.getKey("/Parent"))
        ft = p.getKey("/FT");
      if (ft.isName() && ft.getName() == "/Sig" && field.hasKey("/V") && field.isIndirect()) {
        const QPDFObjGen og = field.getObjGen();
        if (!existed(og) || !before_.getObjectByObjGen(og).hasKey("/V")) {
          reach(field);
        }
      }
      allow_new_signatures(field.getKey("/Kids"), depth + 1);
    }
  }

  // An array that may only grow by new signature widgets or fields: every old entry stays.
  std::string grown_by_signatures(QPDFObjectHandle old_list, QPDFObjectHandle new_list) {
    std::multiset<std::string> old_entries;
    if (old_list.isArray())
      for (auto& e : old_list.getArrayAsVector()) old_entries.insert(e.unparse());
    if (!new_list.isArray() && !new_list.isNull()) return "is no array";
    if (new_list.isArray())
      for (auto& e : new_list.getArrayAsVector()) {
        if (auto it = old_entries.find(e.unparse()); it != old_entries.end()) {
          old_entries.erase(it);
          continue;
        }
        if (!e.isIndirect() || !allowed_.count(e.getObjGen()))
          return "gained " + e.unparse() + ", which is no new signature";
      }
    if (!old_entries.empty()) return "lost " + *old_entries.begin();
    return {};
  }

  void allow_if_changed(QPDFObjectHandle h) {
    if (h.isIndirect() && changed_.count(h.getObjGen())) allowed_.insert(h.getObjGen());
  }

  void report(QPDFObjectHandle h, std::string what) {
    if (h.isIndirect()) reported_.insert(h.getObjGen());
    findings_.push_back({Status::kModifiedAfterSigning, std::move(what)});
  }

  void check_catalog(QPDFObjectHandle root) {
    QPDFObjectHandle old_root = before_.getRoot();
    if (root.getObjGen() != old_root.getObjGen())
      return report(root, "the trailer names another catalog than the signed revision's");
    if (changed_.count(root.getObjGen())) {
      const auto keys = differing_keys(old_root, root, {"/DSS", "/AcroForm", "/Extensions"});
      if (!keys.empty()) return report(root, "the catalog: " + joined(keys) + " changed");
      allowed_.insert(root.getObjGen());
    }
    QPDFObjectHandle form = root.getKey("/AcroForm"), old_form = old_root.getKey("/AcroForm");
    const bool form_changed = form.isIndirect() ? changed_.count(form.getObjGen()) > 0
                                                : form.unparse() != old_form.unparse();
    if (!form_changed) return;
    std::set<std::string> ignored{"/Fields", "/SigFlags"};
    if (!has_key(old_form, "/DR")) ignored.insert("/DR");
    if (!has_key(old_form, "/DA")) ignored.insert("/DA");
    auto keys = differing_keys(old_form, form, ignored);
    const std::string fields = grown_by_signatures(
        old_form.isDictionary() ? old_form.getKey("/Fields") : QPDFObjectHandle::newNull(),
        form.getKey("/Fields"));
    if (!fields.empty()) keys.push_back("/Fields " + fields);
    if (!keys.empty()) return report(form, "the form (/AcroForm): " + joined(keys) + " changed");
    allow_if_changed(form);
    allow_if_changed(form.getKey("/Fields"));
    if (ignored.count("/DR")) reach(form.getKey("/DR"));
  }

  // The document information dictionary: a writer stamps /ModDate (and /Producer) in every
  // update; what it shows (title, author, ...) stays the signed one.
  void check_info() {
    QPDFObjectHandle info = after_.getTrailer().getKey("/Info");
    if (!info.isIndirect() || !changed_.count(info.getObjGen())) return;
    const auto keys =
        differing_keys(before_.getTrailer().getKey("/Info"), info, {"/ModDate", "/Producer"});
    if (!keys.empty())
      return report(info, "the document information (/Info): " + joined(keys) + " changed");
    allowed_.insert(info.getObjGen());
  }

  void check_pages() {
    int number = 0;
    for (QPDFObjectHandle page : after_.getAllPages()) {
      ++number;
      QPDFObjectHandle contents = page.getKey("/Contents");
      for (auto& c : contents.isArray() ? contents.getArrayAsVector() : std::vector{contents})
        if (c.isIndirect()) content_of_page_[c.getObjGen()] = number;
      const QPDFObjGen og = page.getObjGen();
      if (!changed_.count(og)) continue;
      if (!existed(og)) {
        report(page, "page " + std::to_string(number) + " was added after the signature");
        continue;
      }
      QPDFObjectHandle old_page = before_.getObjectByObjGen(og);
      auto keys = differing_keys(old_page, page, {"/Annots"});
      const std::string annots =
          grown_by_signatures(old_page.getKey("/Annots"), page.getKey("/Annots"));
      if (!annots.empty()) keys.push_back("/Annots " + annots);
      if (!keys.empty()) {
        report(page, "page " + std::to_string(number) + ": " + joined(keys) + " changed");
        continue;
      }
      allowed_.insert(og);
      allow_if_changed(page.getKey("/Annots"));
    }
  }

  std::string describe(QPDFObjGen og) {
    QPDFObjectHandle h = after_.getObjectByObjGen(og);
    const std::string when =
        existed(og) ? " changed after the signature" : " added after the signature";
    if (auto it = content_of_page_.find(og); it != content_of_page_.end())
      return "page " + std::to_string(it->second) + "'s content (" + name_of(og) + ")" + when;
    QPDFObjectHandle dict = h.isStream() ? h.getDict() : h;
    if (has_key(dict, "/FT") || (has_key(dict, "/T") && has_key(dict, "/V"))) {
      QPDFObjectHandle t = dict.getKey("/T");
      std::string what =
          "form field '" + (t.isString() ? t.getUTF8Value() : std::string("?")) + "'";
      if (existed(og)) {
        const auto keys = differing_keys(before_.getObjectByObjGen(og), h, {});
        if (std::find(keys.begin(), keys.end(), "/V") != keys.end())
          return what + ": its value (/V) changed after the signature";
        return what + ": " + joined(keys) + " changed after the signature";
      }
      return what + " (" + name_of(og) + ")" + when;
    }
    if (has_key(dict, "/Subtype") && (type_of(h) == "/Annot" || has_key(dict, "/Rect"))) {
      QPDFObjectHandle subtype = dict.getKey("/Subtype");
      return std::string(existed(og) ? "an annotation" : "a new annotation") + " (" +
             (subtype.isName() ? subtype.getName() : "?") + ", " + name_of(og) + ")" + when;
    }
    return name_of(og) + (h.isStream() ? " (a stream)" : "") + when;
  }

  QPDF& before_;
  QPDF& after_;
  Table before_table_;
  Set changed_, after_objects_, allowed_, reported_;
  std::map<QPDFObjGen, int> content_of_page_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> changes_after_signing(QPDF& before, QPDF& after, std::size_t signed_end) {
  return Analysis(before, after, signed_end).run();
}

}  // namespace mynasim::pki::pdfverify::detail
