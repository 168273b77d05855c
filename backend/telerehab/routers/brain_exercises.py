"""Brain (cognitive) game sessions and their trends."""

from fastapi import APIRouter

router = APIRouter(tags=["brain-exercises"])
