import pickle

import pytest

from stance.errors import InputFileError, ModelFileError


@pytest.mark.parametrize("error", [InputFileError("a.csv", 3, "no 'text' column"), ModelFileError("m.zip", "damaged")])
def test_errors_survive_pickling_from_a_worker_process(error):
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), back.path, back.line, back.problem, str(back)) == (type(error), error.path, error.line, error.problem, str(error))
