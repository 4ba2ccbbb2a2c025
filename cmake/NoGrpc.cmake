# "Cores know no gRPC", enforced by the compiler. dossier_core(target) puts
# a directory first on the target's include path in which every header of
# the installed gRPC (grpc/..., grpcpp/...) is a stand-in holding only an
# #error. A core source that reaches gRPC, directly or through another
# header (common/client.h, a generated *.grpc.pb.h), then fails to compile
# and the error names the header. The stand-ins are written here at
# configure time from the headers gRPC installs, so that every version's
# set is covered; tests/CMakeLists.txt checks that the guard bites.
set(DOSSIER_NO_GRPC_DIR ${CMAKE_BINARY_DIR}/no_grpc)
get_target_property(_dossier_grpc_includes gRPC::grpc++ INTERFACE_INCLUDE_DIRECTORIES)
set(_dossier_poisoned 0)
foreach(_dir IN LISTS _dossier_grpc_includes)
  file(GLOB_RECURSE _headers RELATIVE ${_dir} ${_dir}/grpc/*.h ${_dir}/grpcpp/*.h)
  foreach(_header IN LISTS _headers)
    file(CONFIGURE OUTPUT ${DOSSIER_NO_GRPC_DIR}/${_header}
      CONTENT "#error \"dossier: cores know no gRPC, and this target is a core: it includes <${_header}> (cmake/NoGrpc.cmake)\"\n")
    math(EXPR _dossier_poisoned "${_dossier_poisoned} + 1")
  endforeach()
endforeach()
if(_dossier_poisoned EQUAL 0)
  message(FATAL_ERROR "no gRPC headers found under ${_dossier_grpc_includes}: cannot guard the cores")
endif()

function(dossier_core target)
  target_include_directories(${target} BEFORE PRIVATE ${DOSSIER_NO_GRPC_DIR})
endfunction()
