#include "services/tagger/roles.h"

#include "gtest/gtest.h"
