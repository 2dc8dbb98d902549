// Which secret of the holder goes into which key reference, for every application of a profile:
// the checks on Credentials at issuance, and the sealed values and retry counters written into a
// new card image. One table (key_references.cpp) so that a profile's key reference without a
// credential is an error at issuance, not a PIN nobody can ever present.
#pragma once

#include <map>
#include <string>

#include "card/env.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/runtime/profile.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card::personalize {

// Empty when every key reference of the profile has a well-formed credential; else what is wrong,
// naming the credential (its Credentials field), never its value. The card-info values must also
// agree with the holder: 照合番号A is the My Number, 照合番号B starts with the 生年月日 key, whose
// month and day are the holder's.
std::string check_credentials(const CardProfile& profile, const HolderRecord& holder,
                              const Credentials& credentials);

// Sealed value and full counter for every key reference (counter 0 and no value for those issued
// blocked). check_credentials() must have passed.
void add_key_references(const CardProfile& profile, const Credentials& credentials, Random& random,
                        std::map<store::ObjectId, Bytes>& objects);

}  // namespace mynasim::card::personalize
